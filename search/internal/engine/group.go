package engine

import (
	"sort"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// Grouped lists (Request.PerGroup).
//
// A few groups (enterprises) with many matching documents can fill the
// first pages. A grouped list keeps the best PerGroup documents of each
// group, together, the groups in the order of their best document; the
// rest of a group is only counted (GroupOf.Matches). The list is the same
// whatever the page, so page 2 continues where page 1 stopped. The
// collector keeps the best PerGroup hits of every group that matches
// (bounded by the number of groups), in one pass.

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
	}
	idx, names := c.infos[e.seg].groupIndex(g.of)
	if g.seg[e.seg] == nil {
		g.seg[e.seg] = make([]*groupHits[hitEntry], len(names))
	}
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

// page returns the page from..from+size of the grouped list.
func (g *grouper) page(c *collector, from, size int) (*Result, error) {
	groups := make([]groupHits[hitEntry], 0, len(g.byName)+len(g.lone))
	for _, gh := range g.byName {
		groups = append(groups, *gh)
	}
	for _, gh := range g.lone {
		groups = append(groups, *gh)
	}
	sort.Slice(groups, func(i, j int) bool { return better(c.order, &groups[i].top[0], &groups[j].top[0]) })
	entries, res := cut(groups, from, size)
	hits, err := c.matches(entries)
	if err != nil {
		return nil, err
	}
	res.Hits = hits
	return res, nil
}

// cut returns the page from..from+size of the list of the groups' hits
// (each group's top, the groups in order), with how each hit's group is
// listed, the length of the list and the number of groups.
func cut[T any](groups []groupHits[T], from, size int) ([]T, *Result) {
	res := &Result{Groups: len(groups), Group: []GroupOf{}}
	var page []T
	for _, gh := range groups {
		for i, e := range gh.top {
			if res.Listed >= from && res.Listed < from+size {
				page = append(page, e)
				res.Group = append(res.Group, GroupOf{Matches: gh.n, Listed: len(gh.top), Nth: i + 1})
			}
			res.Listed++
		}
	}
	return page, res
}

// Collapse lists ranked (every match, best first) as a Search with
// PerGroup per does, groups named by groupOf of the IDs: for a search run
// another way (Bleve's own). Total and Facets are left to the caller.
func Collapse(ranked []*bsearch.DocumentMatch, groupOf func(id string) string, per, from, size int) *Result {
	var groups []groupHits[*bsearch.DocumentMatch]
	at := map[string]int{}
	for _, h := range ranked {
		name := groupOf(h.ID)
		i, ok := at[name]
		if !ok {
			i = len(groups)
			at[name] = i
			groups = append(groups, groupHits[*bsearch.DocumentMatch]{})
		}
		gh := &groups[i]
		gh.n++
		if len(gh.top) < per {
			gh.top = append(gh.top, h)
		}
	}
	page, res := cut(groups, from, size)
	res.Hits = page
	return res
}
