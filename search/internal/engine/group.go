package engine

import (
	"container/heap"
	"sort"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// Grouped lists (Request.PerGroup).
//
// A few groups (enterprises) with many matching documents can fill the
// first pages. A grouped list is the list of every match in its order,
// without the documents of a group after its first PerGroup: each keeps
// its own place, so the list shows at least as many groups on a page as
// the ungrouped one, in the same order; the rest of a group is only
// counted (GroupOf.Matches). The list is the same whatever the page, so
// page 2 continues where page 1 stopped. The collector keeps the best
// PerGroup hits of every group that matches (bounded by the number of
// groups), in one pass.

// groupHits are the best hits of one group, best first, and the number of
// its documents that match.
type groupHits[T any] struct {
	top []T
	n   int
}

// grouper keeps the best hits of each group as the collector finds them.
type grouper struct {
	per    int
	of     func(id string) string
	byName map[string]*groupHits[hitEntry]
	seg    [][]*groupHits[hitEntry] // per segment, per index into its groupNames
	lone   []*groupHits[hitEntry]   // documents without a group name

	// The segment of the last hit added, with its group indexes: the
	// collector adds a segment's hits one after the other.
	cur      int
	curIdx   []uint32
	curNames []string
}

// groupIndex returns the group of each document of the segment, as an
// index into groupNames, read once.
func (si *segInfo) groupIndex(of func(string) string) ([]uint32, []string) {
	si.groupOnce.Do(func() {
		ids := si.docIDs()
		si.group = make([]uint32, len(ids))
		at := map[string]uint32{}
		for d, id := range ids {
			name := id
			if of != nil {
				name = of(id)
			}
			i, ok := at[name]
			if !ok {
				i = uint32(len(si.groupNames))
				at[name] = i
				si.groupNames = append(si.groupNames, name)
			}
			si.group[d] = i
		}
	})
	return si.group, si.groupNames
}

// add counts e in its group and keeps it when it is among the group's best.
func (g *grouper) add(c *collector, e hitEntry) {
	if g.seg == nil {
		g.seg = make([][]*groupHits[hitEntry], len(c.infos))
		g.cur = -1
	}
	if e.seg != g.cur {
		g.cur = e.seg
		g.curIdx, g.curNames = c.infos[e.seg].groupIndex(g.of)
		if g.seg[e.seg] == nil {
			g.seg[e.seg] = make([]*groupHits[hitEntry], len(g.curNames))
		}
	}
	idx, names := g.curIdx, g.curNames
	gi := idx[e.local]
	gh := g.seg[e.seg][gi]
	if gh == nil {
		name := names[gi]
		if name == "" {
			gh = &groupHits[hitEntry]{}
			g.lone = append(g.lone, gh)
		} else if gh = g.byName[name]; gh == nil {
			gh = &groupHits[hitEntry]{}
			g.byName[name] = gh
		}
		if name != "" {
			g.seg[e.seg][gi] = gh
		}
	}
	gh.n++
	if len(gh.top) == g.per && !better(c.order, &e, &gh.top[g.per-1]) {
		return
	}
	i := sort.Search(len(gh.top), func(i int) bool { return better(c.order, &e, &gh.top[i]) })
	if len(gh.top) < g.per {
		gh.top = append(gh.top, hitEntry{})
	}
	copy(gh.top[i+1:], gh.top[i:])
	gh.top[i] = e
}

// page returns the page from..from+size of the grouped list. Only the
// best from+size of the groups' hits are sorted (a bounded heap): a common
// word matches thousands of groups.
func (g *grouper) page(c *collector, from, size int) (*Result, error) {
	h := &listedHeap{order: c.order}
	keep := from + size
	listed := 0
	add := func(gh *groupHits[hitEntry]) {
		listed += len(gh.top)
		for i, e := range gh.top {
			x := listedHit[hitEntry]{e, GroupOf{Matches: gh.n, Listed: len(gh.top), Nth: i + 1}}
			if len(h.e) < keep {
				heap.Push(h, x)
			} else if keep > 0 && better(c.order, &x.hit, &h.e[0].hit) {
				h.e[0] = x
				heap.Fix(h, 0)
			} else {
				break // the group's next hits are worse still
			}
		}
	}
	for _, gh := range g.byName {
		add(gh)
	}
	for _, gh := range g.lone {
		add(gh)
	}
	sort.Slice(h.e, func(i, j int) bool { return better(c.order, &h.e[i].hit, &h.e[j].hit) })
	entries, res := cut(h.e, len(g.byName)+len(g.lone), from, size)
	res.Listed = listed
	hits, err := c.matches(entries)
	if err != nil {
		return nil, err
	}
	res.Hits = hits
	return res, nil
}

// listedHeap keeps the best listed hits, the worst on top.
type listedHeap struct {
	e     []listedHit[hitEntry]
	order Order
}

func (h *listedHeap) Len() int           { return len(h.e) }
func (h *listedHeap) Less(i, j int) bool { return better(h.order, &h.e[j].hit, &h.e[i].hit) }
func (h *listedHeap) Swap(i, j int)      { h.e[i], h.e[j] = h.e[j], h.e[i] }
func (h *listedHeap) Push(x any)         { h.e = append(h.e, x.(listedHit[hitEntry])) }
func (h *listedHeap) Pop() any {
	x := h.e[len(h.e)-1]
	h.e = h.e[:len(h.e)-1]
	return x
}

// listedHit is a hit of a grouped list with how its group is listed.
type listedHit[T any] struct {
	hit T
	of  GroupOf
}

// cut returns the page from..from+size of a grouped list (its start, at
// least, in order), with how each hit's group is listed, the length of the
// list and the number of groups.
func cut[T any](list []listedHit[T], groups, from, size int) ([]T, *Result) {
	res := &Result{Listed: len(list), Groups: groups, Group: []GroupOf{}}
	var page []T
	for _, h := range list[min(from, len(list)):min(from+size, len(list))] {
		page = append(page, h.hit)
		res.Group = append(res.Group, h.of)
	}
	return page, res
}

// Collapse lists ranked (every match, best first) as a Search with
// PerGroup per does, groups named by groupOf of the IDs: for a search run
// another way (Bleve's own). Total and Facets are left to the caller.
func Collapse(ranked []*bsearch.DocumentMatch, groupOf func(id string) string, per, from, size int) *Result {
	matches := map[string]int{}
	for _, h := range ranked {
		matches[groupOf(h.ID)]++
	}
	var list []listedHit[*bsearch.DocumentMatch]
	nth := map[string]int{}
	for _, h := range ranked {
		name := groupOf(h.ID)
		if nth[name] == per {
			continue
		}
		nth[name]++
		list = append(list, listedHit[*bsearch.DocumentMatch]{h, GroupOf{Matches: matches[name], Listed: min(per, matches[name]), Nth: nth[name]}})
	}
	page, res := cut(list, len(matches), from, size)
	res.Hits = page
	return res
}
