package server

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// RateLimits configures the per-client token buckets. A client is its
// token when it has one, else its IP address.
type RateLimits struct {
	SearchPerSecond float64 // searches per second, sustained
	SearchBurst     int
	WritePerSecond  float64 // writes (uploads, edits, sign-ins) per second
	WriteBurst      int
}

// DefaultRateLimits allow a person at a keyboard everything, and stop a
// runaway script.
func DefaultRateLimits() RateLimits {
	return RateLimits{SearchPerSecond: 20, SearchBurst: 40, WritePerSecond: 2, WriteBurst: 20}
}

// limiters holds one token bucket per client and class. Buckets idle for
// longer than idleAfter are dropped, so memory stays bounded.
type limiters struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const idleAfter = 10 * time.Minute

func (l *limiters) get(key string, r rate.Limit, burst int, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	if now.Sub(l.swept) > idleAfter {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > idleAfter {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(r, burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim
}

// rateLimit refuses a client that exceeds its bucket with 429 and a
// Retry-After header saying when to try again; on a web page (page) as a
// Dutch HTML page whatever the client accepts, since a person reads it.
func (s *Server) rateLimit(class rateClass, page bool) gin.HandlerFunc {
	per, burst, name := s.Limits.SearchPerSecond, s.Limits.SearchBurst, "search"
	if class == rateWrite {
		per, burst, name = s.Limits.WritePerSecond, s.Limits.WriteBurst, "write"
	}
	return func(c *gin.Context) {
		if per <= 0 {
			c.Next()
			return
		}
		client := "ip:" + c.ClientIP()
		if p := caller(c); p.Token != nil {
			client = "token:" + p.Token.ID
		}
		now := time.Now()
		res := s.limiters.get(name+"|"+client, rate.Limit(per), burst, now).ReserveN(now, 1)
		if delay := res.DelayFrom(now); delay > 0 {
			res.CancelAt(now)
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(delay.Seconds()))))
			if page {
				c.Set(htmlErrorKey, true)
			}
			s.writeError(c, tooMany(int(math.Ceil(delay.Seconds()))))
			return
		}
		c.Next()
	}
}

// ETOOMANY is the code of a request refused by the rate limit.
const ETOOMANY = "too_many_requests"

// htmlErrorKey, set on a request, makes writeError answer an HTML page.
const htmlErrorKey = "koppel.htmlError"
