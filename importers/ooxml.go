package importers

import (
	"bytes"
	"html"
	"strings"
)

// Small byte-level helpers for the parts of an xlsx package that
// AnnotateWorkbook edits. They keep every byte they do not change, so a
// part comes back as the program that wrote it made it; encoding/xml would
// rewrite the namespace prefixes.

// xmlElement is one element found in a part: doc[start:end] is the whole
// element, doc[start:tagEnd] its start tag.
type xmlElement struct {
	start, tagEnd, end int
}

// tagName returns the name of the tag that starts at b[0] == '<' (after
// '<' and an optional '/'), its prefix included.
func tagName(b []byte) []byte {
	i := 1
	if i < len(b) && b[i] == '/' {
		i++
	}
	j := i
	for j < len(b) && !isNameEnd(b[j]) {
		j++
	}
	return b[i:j]
}

func isNameEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>'
}

// localName drops a name's prefix: "x:row" → "row".
func localName(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// tagEnd returns the index just past the '>' that ends the tag starting at
// doc[i], skipping '>' inside quoted attribute values; -1 if there is none.
func tagEnd(doc []byte, i int) int {
	var quote byte
	for ; i < len(doc); i++ {
		c := doc[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// elements returns the elements named local (any prefix) in doc, in
// order. An element of that name nested in another one is not looked for.
func elements(doc []byte, local string) []xmlElement {
	var out []xmlElement
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			break
		}
		i += j
		name := tagName(doc[i:])
		if len(doc) > i+1 && doc[i+1] == '/' || string(localName(name)) != local {
			i++
			continue
		}
		e := tagEnd(doc, i)
		if e < 0 {
			break
		}
		el := xmlElement{start: i, tagEnd: e, end: e}
		if doc[e-2] != '/' {
			closing := []byte("</" + string(name) + ">")
			k := bytes.Index(doc[e:], closing)
			if k < 0 {
				break
			}
			el.end = e + k + len(closing)
		}
		out = append(out, el)
		i = el.end
	}
	return out
}

// closeTag returns the index of the end tag of the element named local
// (the last one in doc) and the tag's name with its prefix; -1 if none.
func closeTag(doc []byte, local string) (int, string) {
	for i := len(doc); i > 0; {
		j := bytes.LastIndex(doc[:i], []byte("</"))
		if j < 0 {
			break
		}
		name := tagName(doc[j:])
		if string(localName(name)) == local {
			return j, string(name)
		}
		i = j
	}
	return -1, ""
}

// attr returns the unescaped value of the attribute name in a tag; a name
// without a prefix also finds a prefixed one when prefixed is set ("id"
// finds "r:id").
func attr(tag []byte, name string, prefixed bool) (string, bool) {
	s, e, ok := attrSpan(tag, name, prefixed)
	if !ok {
		return "", false
	}
	return html.UnescapeString(string(tag[s:e])), true
}

// attrSpan returns where the value of an attribute lies in a tag.
func attrSpan(tag []byte, name string, prefixed bool) (start, end int, ok bool) {
	i := bytes.IndexAny(tag, " \t\r\n")
	for i >= 0 && i < len(tag) {
		for i < len(tag) && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n') {
			i++
		}
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 {
			return 0, 0, false
		}
		key := bytes.TrimSpace(tag[i : i+eq])
		v := i + eq + 1
		for v < len(tag) && tag[v] != '"' && tag[v] != '\'' {
			v++
		}
		if v >= len(tag) {
			return 0, 0, false
		}
		q := bytes.IndexByte(tag[v+1:], tag[v])
		if q < 0 {
			return 0, 0, false
		}
		if string(key) == name || prefixed && string(localName(key)) == name && bytes.IndexByte(key, ':') > 0 {
			return v + 1, v + 1 + q, true
		}
		i = v + 1 + q + 1
	}
	return 0, 0, false
}

// setAttr returns the tag with the attribute set to value (escaped here).
func setAttr(tag []byte, name, value string) []byte {
	esc := xmlEscape(value)
	if s, e, ok := attrSpan(tag, name, false); ok {
		out := make([]byte, 0, len(tag)+len(esc))
		out = append(out, tag[:s]...)
		out = append(out, esc...)
		return append(out, tag[e:]...)
	}
	end := len(tag) - 1
	if end > 0 && tag[end-1] == '/' {
		end--
	}
	out := make([]byte, 0, len(tag)+len(name)+len(esc)+4)
	out = append(out, tag[:end]...)
	out = append(out, ' ')
	out = append(out, name...)
	out = append(out, '=', '"')
	out = append(out, esc...)
	out = append(out, '"')
	return append(out, tag[end:]...)
}

// dropAttr returns the tag without the attribute.
func dropAttr(tag []byte, name string) []byte {
	s, e, ok := attrSpan(tag, name, false)
	if !ok {
		return tag
	}
	k := s - 2 - len(name) // the '=' and the quote, then the name
	for k > 0 && tag[k-1] != ' ' && tag[k-1] != '\t' && tag[k-1] != '\r' && tag[k-1] != '\n' {
		k--
	}
	for k > 0 && (tag[k-1] == ' ' || tag[k-1] == '\t' || tag[k-1] == '\r' || tag[k-1] == '\n') {
		k--
	}
	out := append([]byte{}, tag[:k]...)
	return append(out, tag[e+1:]...)
}

// xmlEscape escapes text for an attribute value or element content, and
// replaces characters XML cannot hold.
func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\n':
			b.WriteString("&#10;")
		case r == '\r':
			b.WriteString("&#13;")
		case r == '\t':
			b.WriteString("&#9;")
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r < 0xE000:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splice returns doc with doc[start:end] replaced by with.
func splice(doc []byte, start, end int, with []byte) []byte {
	out := make([]byte, 0, len(doc)-(end-start)+len(with))
	out = append(out, doc[:start]...)
	out = append(out, with...)
	return append(out, doc[end:]...)
}

// parseCellRef reads "AB12" as column 28, row 12; ok is false for
// anything else.
func parseCellRef[T string | []byte](s T) (col, row int, ok bool) {
	i := 0
	for i < len(s) && i < 3 && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		i++
	}
	if i == 0 || i == len(s) || len(s)-i > 7 {
		return 0, 0, false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(s[i]-'0')
	}
	if row < 1 || row > 1<<20 || col > 16384 {
		return 0, 0, false
	}
	return col, row, true
}

// colName returns the letters of a 1-based column.
func colName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}
