package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"koppel"
)

// ReferenceDate is the fixed "today" of the demo data: creation dates lie
// before it, recognitions expire around it and tenders run after it.
var ReferenceDate = time.Date(2026, time.January, 1, 9, 0, 0, 0, time.UTC)

// DefaultSeed is the seed of DefaultOptions.
const DefaultSeed = 20260101

// MaxEnterprises is the largest number of enterprises Stream can give
// distinct company numbers.
const MaxEnterprises = kboSpace

// Options sizes a generated dataset. Zero counts mean none: Options{} gives
// an empty dataset.
type Options struct {
	// Seed selects the dataset; the same options always give the same data.
	Seed int64
	// Enterprises is the number of enterprises (at most MaxEnterprises).
	Enterprises int
	// OfferingsPerEnterprise is the average number of offerings per
	// enterprise; counts vary per enterprise (from 1 to about twice the
	// average) but add up to exactly Enterprises × OfferingsPerEnterprise.
	OfferingsPerEnterprise int
	// Tenders is the number of tenders. Every category and every clause kind
	// appears in the tenders from 10 tenders on, every clause kind at least
	// twice from 20 on.
	Tenders int
	// Offerings, when positive, is the exact total number of offerings and
	// overrides OfferingsPerEnterprise; it is spread over the enterprises
	// the same way. It lets `koppel gen --offerings N` ask for exactly N.
	Offerings int
}

// DefaultOptions returns the demo dataset's size: 300 enterprises with 10
// offerings each on average (3,000 offerings) and 30 tenders.
func DefaultOptions() Options {
	return Options{Seed: DefaultSeed, Enterprises: 300, OfferingsPerEnterprise: 10, Tenders: 30}
}

// ForOfferings returns options for a benchmark dataset of exactly n
// offerings: one enterprise per 10 offerings (at least one), 30 tenders and
// the default seed.
func ForOfferings(n int) Options {
	e := n / 10
	if e < 1 {
		e = 1
	}
	return Options{Seed: DefaultSeed, Enterprises: e, OfferingsPerEnterprise: 10, Tenders: 30, Offerings: n}
}

// TotalOfferings returns the number of offerings the options produce.
func (o Options) TotalOfferings() int {
	if o.Enterprises <= 0 {
		return 0
	}
	if o.Offerings > 0 {
		return o.Offerings
	}
	if o.OfferingsPerEnterprise <= 0 {
		return 0
	}
	return o.Enterprises * o.OfferingsPerEnterprise
}

// Dataset is a generated demo dataset. Offerings holds the offerings of all
// enterprises, in enterprise order.
type Dataset struct {
	Enterprises []*koppel.Enterprise
	Offerings   []*koppel.Offering
	Tenders     []*koppel.Tender
}

// Generate returns the whole dataset for o in memory. Its enterprises and
// offerings are exactly those Stream yields for the same options, its
// tenders those of GenerateTenders.
func Generate(o Options) *Dataset {
	d := &Dataset{}
	if n := o.Enterprises; n > 0 {
		d.Enterprises = make([]*koppel.Enterprise, 0, n)
		d.Offerings = make([]*koppel.Offering, 0, o.TotalOfferings())
	}
	err := Stream(o, func(e *koppel.Enterprise, offs []*koppel.Offering) error {
		d.Enterprises = append(d.Enterprises, e)
		d.Offerings = append(d.Offerings, offs...)
		return nil
	})
	if err != nil {
		panic(err) // only for more than MaxEnterprises enterprises
	}
	d.Tenders = GenerateTenders(o)
	return d
}

// Stream generates the enterprises one at a time, each with its offerings,
// and calls yield for each, in order, holding only the current enterprise in
// memory. It stops at and returns the first error yield returns. It returns
// an error without yielding when o.Enterprises exceeds MaxEnterprises.
// Tenders are not streamed: call GenerateTenders.
//
// Each enterprise depends only on the seed and its position (and its
// offering count on the totals), so the first enterprises of a large
// dataset equal those of a small one with the same seed and average.
func Stream(o Options, yield func(*koppel.Enterprise, []*koppel.Offering) error) error {
	if o.Enterprises > MaxEnterprises {
		return fmt.Errorf("demo: at most %d enterprises, asked for %d", MaxEnterprises, o.Enterprises)
	}
	counts := newCounter(o)
	for i := 0; i < o.Enterprises; i++ {
		r := rng(o.Seed, streamEnterprise, uint64(i))
		e, p := genEnterprise(r, o.Seed, i)
		offs := genOfferings(r, e, p, counts.count(i))
		if err := yield(e, offs); err != nil {
			return err
		}
	}
	return nil
}

// Random streams, so that enterprises, offering counts and tenders do not
// share random numbers.
const (
	streamEnterprise = 1 + iota
	streamCount
	streamTender
	streamKBO
	streamForm
	streamPostcode
)

// rng returns a PCG source for one stream and position, derived from the
// seed with splitmix64 so nearby seeds and positions give unrelated numbers.
func rng(seed int64, stream, i uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix(uint64(seed)^stream<<56), mix(i+stream*0x9e3779b97f4a7c15)))
}

func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// counter spreads the total number of offerings over the enterprises: each
// enterprise gets base or base+1, then pairs (2k, 2k+1) trade a random
// amount, so counts vary but the total is exact and each count is known
// without generating the others.
type counter struct {
	seed  int64
	n     int
	base  int
	extra int // the first extra enterprises get base+1
}

func newCounter(o Options) counter {
	c := counter{seed: o.Seed, n: o.Enterprises}
	if o.Enterprises > 0 {
		t := o.TotalOfferings()
		c.base, c.extra = t/o.Enterprises, t%o.Enterprises
	}
	return c
}

func (c counter) plain(i int) int {
	if i < c.extra {
		return c.base + 1
	}
	return c.base
}

func (c counter) count(i int) int {
	j := i ^ 1 // partner
	if j >= c.n {
		return c.plain(i)
	}
	lo := min(c.plain(i), c.plain(j))
	if lo <= 1 {
		return c.plain(i)
	}
	d := rng(c.seed, streamCount, uint64(i/2)).IntN(lo) // 0..lo-1 keeps both ≥ 1
	if i%2 == 0 {
		return c.plain(i) + d
	}
	return c.plain(i) - d
}

// pick returns a random element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// chance returns true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a random int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// round1 rounds to one decimal.
func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// subset returns k distinct elements of s (k ≤ len(s)), in the order of s.
func subset[T any](r *rand.Rand, s []T, k int) []T {
	idx := r.Perm(len(s))[:k]
	keep := make([]bool, len(s))
	for _, i := range idx {
		keep[i] = true
	}
	out := make([]T, 0, k)
	for i, v := range s {
		if keep[i] {
			out = append(out, v)
		}
	}
	return out
}

func ptr(f float64) *float64 { return &f }
