package eforms

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"koppel"
)

// The root elements of eForms notices.
var roots = map[string]bool{
	"ContractNotice":                        true,
	"PriorInformationNotice":                true,
	"ContractAwardNotice":                   true,
	"BusinessRegistrationInformationNotice": true,
}

// reader walks the token stream of one notice. It keeps the subtree of one
// top-level element at a time and hands it to the field extractors.
type reader struct {
	dec    *xml.Decoder
	opts   Options
	lim    *limitedReader
	tokens int
	depth  int

	n         *Notice
	noticeID  string
	version   string
	buyerRefs []string
	legalType string
	orgs      map[string]*node // organisation ID → efac:Company
	project   *node            // the procedure's cac:ProcurementProject
	lots      []*node          // cac:ProcurementProjectLot of schemeName Lot
	typeSeen  bool
	// award is set for an award notice (see awardNotice): its lot
	// results (result, the efac:NoticeResult) become outcomes; issueDate
	// is the notice's date of dispatch (BT-05).
	award     bool
	result    *node
	issueDate string
	// announce is the refusal of a prior information notice that Koppel
	// keeps as announced when one of its lots is reserved; nil for other
	// notices.
	announce error
}

// token returns the next token, enforcing the limits and refusing
// declarations. It returns io.EOF at the end of the input.
func (r *reader) token() (xml.Token, error) {
	t, err := r.dec.Token()
	if err != nil {
		return nil, r.decodeError(err)
	}
	r.tokens++
	if r.tokens > r.opts.MaxTokens {
		return nil, Refuse(koppel.EINVALID, "too-many-tokens", r.n.NoticeType, "imports.notice_tokens", "Max", r.opts.MaxTokens)
	}
	switch t := t.(type) {
	case xml.StartElement:
		r.depth++
		if r.depth > r.opts.MaxDepth {
			return nil, Refuse(koppel.EINVALID, "too-deep", r.n.NoticeType, "imports.notice_deep", "Max", r.opts.MaxDepth)
		}
	case xml.EndElement:
		r.depth--
	case xml.Directive:
		return nil, Refuse(koppel.EINVALID, "doctype", "", "imports.notice_doctype")
	case xml.CharData:
		// Copy: the decoder reuses the bytes on the next call.
		return t.Copy(), nil
	}
	return t, nil
}

// decodeError turns a decoder error into the refusal a user can act on.
func (r *reader) decodeError(err error) error {
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	if r.lim.hit || errors.Is(err, errTooLarge) {
		return tooLarge(r.opts.MaxBytes)
	}
	var ce *charsetError
	if errors.As(err, &ce) {
		return Refuse(koppel.EINVALID, "encoding", "", "imports.notice_encoding", "Label", ce.label)
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Msg, "unexpected EOF") {
			return Refuse(koppel.EINVALID, "not-xml", r.n.NoticeType, "imports.notice_incomplete", "Line", se.Line)
		}
		if strings.Contains(se.Msg, "entity") {
			return Refuse(koppel.EINVALID, "not-xml", r.n.NoticeType, "imports.notice_entity", "Line", se.Line, "Detail", se.Msg)
		}
		return Refuse(koppel.EINVALID, "not-xml", r.n.NoticeType, "imports.notice_syntax", "Line", se.Line, "Detail", se.Msg)
	}
	return Refuse(koppel.EINVALID, "not-xml", r.n.NoticeType, "imports.notice_unreadable", "Detail", err.Error())
}

// read walks the notice up to its end, or up to the notice type when that
// says the notice is not a tender.
func (r *reader) read() error {
	// Prolog: the XML declaration, comments and space up to the root.
	var root xml.StartElement
	for {
		t, err := r.token()
		if errors.Is(err, io.EOF) {
			return Refuse(koppel.EINVALID, "empty", "", "imports.notice_no_element")
		}
		if err != nil {
			return err
		}
		if s, ok := t.(xml.StartElement); ok {
			root = s
			break
		}
		if c, ok := t.(xml.CharData); ok && len(strings.TrimSpace(string(c))) > 0 {
			return Refuse(koppel.EINVALID, "not-xml", "", "imports.notice_starts_text")
		}
	}
	if !roots[root.Name.Local] {
		return Refuse(koppel.EINVALID, "not-eforms", "", "imports.notice_not_eforms", "Root", root.Name.Local)
	}
	for {
		t, err := r.token()
		if errors.Is(err, io.EOF) {
			return r.decodeError(&xml.SyntaxError{Msg: "unexpected EOF", Line: r.line()})
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement: // the root's end
			return r.finishProlog()
		case xml.StartElement:
			n, err := r.subtree(t)
			if err != nil {
				return err
			}
			if err := r.top(n); err != nil {
				return err
			}
		}
	}
}

func (r *reader) line() int {
	l, _ := r.dec.InputPos()
	return l
}

// finishProlog checks, at the end of the document, what the notice type
// check could not do early.
func (r *reader) finishProlog() error {
	if !r.typeSeen {
		return r.checkType("")
	}
	return nil
}

// subtree reads the element that start opened, with its descendants.
func (r *reader) subtree(start xml.StartElement) (*node, error) {
	root := &node{name: start.Name.Local, attrs: start.Attr}
	stack := []*node{root}
	for len(stack) > 0 {
		t, err := r.token()
		if errors.Is(err, io.EOF) {
			return nil, r.decodeError(&xml.SyntaxError{Msg: "unexpected EOF", Line: r.line()})
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := t.(type) {
		case xml.StartElement:
			k := &node{name: t.Name.Local, attrs: t.Attr}
			top.kids = append(top.kids, k)
			stack = append(stack, k)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text.Write(t)
		}
	}
	return root, nil
}

// top handles one child of the root element.
func (r *reader) top(n *node) error {
	switch n.name {
	case "UBLExtensions":
		r.extensions(n)
	case "ID":
		if n.attr("schemeName") == "notice-id" || r.noticeID == "" && n.attr("schemeName") == "" {
			r.noticeID = n.value()
		}
	case "IssueDate":
		r.issueDate = n.value()
	case "VersionID":
		r.version = n.value()
	case "ContractFolderID":
		r.n.ProcedureID = n.value()
	case "NoticeLanguageCode":
		r.n.Language = n.value()
	case "NoticeTypeCode":
		r.typeSeen = true
		return r.checkType(n.value())
	case "ContractingParty":
		r.contractingParty(n)
	case "ProcurementProject":
		r.project = n
	case "ProcurementProjectLot":
		// A prior information notice may announce its lots as parts.
		if s := n.first("ID").attr("schemeName"); s == "Lot" || s == "Part" && r.announce != nil {
			r.lots = append(r.lots, n)
		}
	}
	return nil
}

// extensions reads the notice subtype, the organisations and the change
// information from the root's ext:UBLExtensions.
func (r *reader) extensions(n *node) {
	ext := n.first("UBLExtension", "ExtensionContent", "EformsExtension")
	if ext == nil {
		return
	}
	if st := ext.get("NoticeSubType", "SubTypeCode"); st != "" {
		r.n.Subtype = st
	}
	if res := ext.first("NoticeResult"); res != nil {
		r.result = res
	}
	if r.orgs == nil {
		r.orgs = map[string]*node{}
	}
	for _, c := range ext.all("Organizations", "Organization", "Company") {
		if id := c.get("PartyIdentification", "ID"); id != "" {
			if _, dup := r.orgs[id]; !dup {
				r.orgs[id] = c
			}
		}
	}
	if ch := ext.first("Changes"); ch != nil {
		id := ch.get("ChangedNoticeIdentifier")
		// The identifier is "<notice ID>-<two-digit version>".
		if i := strings.LastIndexByte(id, '-'); i > 0 && len(id)-i == 3 && isDigits(id[i+1:]) {
			r.n.ChangedNoticeID, r.n.ChangedNoticeVersion = id[:i], id[i+1:]
		} else {
			r.n.ChangedNoticeID = id
		}
		for _, reason := range ch.all("ChangeReason", "ReasonCode") {
			if reason.value() == "cancel" {
				r.n.Cancelled = true
			}
		}
	}
}

// contractingParty records the buyer references and legal type.
func (r *reader) contractingParty(n *node) {
	if id := n.get("Party", "PartyIdentification", "ID"); id != "" {
		r.buyerRefs = append(r.buyerRefs, id)
	}
	if r.legalType == "" {
		if lt := withAttr(n.all("ContractingPartyType", "PartyTypeCode"), "listName", "buyer-legal-type"); len(lt) > 0 {
			r.legalType = lt[0].value()
		}
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
