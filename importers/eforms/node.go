package eforms

import (
	"encoding/xml"
	"strings"
)

// node is one element of a small subtree held in memory: a lot, the
// organisations, the procurement project. Names are local names: the
// prefixes of UBL and eForms never make two elements of interest share a
// local name at the same path.
type node struct {
	name  string
	attrs []xml.Attr
	text  strings.Builder
	kids  []*node
}

// attr returns the value of the attribute with the local name.
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// value returns the element's text with surrounding space trimmed.
func (n *node) value() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.text.String())
}

// all returns the descendants reached by the path of local names, in
// document order.
func (n *node) all(path ...string) []*node {
	if n == nil {
		return nil
	}
	cur := []*node{n}
	for _, name := range path {
		var next []*node
		for _, c := range cur {
			for _, k := range c.kids {
				if k.name == name {
					next = append(next, k)
				}
			}
		}
		cur = next
	}
	return cur
}

// first returns the first descendant reached by the path, or nil.
func (n *node) first(path ...string) *node {
	if all := n.all(path...); len(all) > 0 {
		return all[0]
	}
	return nil
}

// get returns the trimmed text of the first descendant reached by the path.
func (n *node) get(path ...string) string { return n.first(path...).value() }

// withAttr keeps the nodes whose attribute has the value.
func withAttr(ns []*node, attr, value string) []*node {
	var out []*node
	for _, n := range ns {
		if n.attr(attr) == value {
			out = append(out, n)
		}
	}
	return out
}
