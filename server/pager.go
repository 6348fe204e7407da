package server

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"
)

// pager links to the previous and next page of a list, keeping the rest of
// the query, so that a URL always holds the whole search.
type pager struct {
	Page, Pages   int
	Prev, Next    string
	First, Last   int // the range of items shown, from 1
	Total         int
	HasPrev, More bool
	// Beyond is set when Page is past the last page (an old link, a
	// typed URL): the list shows a plain notice with Last, the link to
	// the last page, instead of an empty page "Pagina 99 van 7".
	Beyond   bool
	LastPage string
}

func newPager(c *gin.Context, page, size, total int) pager {
	return pagerWith(page, size, total, func(n int) string {
		q := url.Values{}
		for k, v := range c.Request.URL.Query() {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(n))
		return c.Request.URL.Path + "?" + q.Encode()
	})
}

// pagerWith is a pager whose page links link makes.
func pagerWith(page, size, total int, link func(n int) string) pager {
	p := pager{Page: page, Total: total, Pages: (total + size - 1) / size}
	p.First, p.Last = min((page-1)*size+1, total), min(page*size, total)
	if p.Pages > 0 && page > p.Pages {
		p.Beyond, p.LastPage = true, link(p.Pages)
		return p
	}
	if page > 1 {
		p.HasPrev, p.Prev = true, link(page-1)
	}
	if page < p.Pages {
		p.More, p.Next = true, link(page+1)
	}
	return p
}
