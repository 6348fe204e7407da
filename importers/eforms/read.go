package eforms

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// Default limits of Read.
const (
	DefaultMaxBytes  = 10 << 20  // 10 MB; the largest SDK example is 110 kB
	DefaultMaxDepth  = 100       // real notices nest about 15 deep
	DefaultMaxTokens = 1_000_000 // a 110 kB notice has about 8,000 tokens
)

// Options tune Read. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest notice read, in bytes (default 10 MB).
	// Larger input is refused with ETOOLARGE.
	MaxBytes int64
	// MaxDepth is the deepest element nesting allowed (default 100).
	MaxDepth int
	// MaxTokens is the largest number of XML tokens (elements, text,
	// comments) read (default 1,000,000).
	MaxTokens int
	// Ref looks up CPV codes, postcodes and eForms code lists (the
	// reference data, handed in by the caller); Read refuses to run
	// without.
	Ref Reference
	// File is the name of the file, copied into the tender's source and
	// into every problem.
	File string
}

// Reference is what Read looks up: the CPV vocabulary and Belgian postcodes
// of koppel.Reference, and the eForms code lists (the NUTS list
// "nuts-bel-lvl3", social objectives, buyer legal types). *refdata.Data
// implements it.
type Reference interface {
	koppel.Reference
	// Code returns one code of an eForms code list.
	Code(list, code string) (refdata.Code, bool)
}

// placeResolver is implemented by *refdata.Data: Read uses it, when
// present, to find the postcode of a Belgian place given only by its city.
type placeResolver interface {
	ResolvePlace(s string) (koppel.Place, bool)
}

var _ Reference = (*refdata.Data)(nil)
var _ placeResolver = (*refdata.Data)(nil)

// Notice is one eForms notice read by Read.
type Notice struct {
	// Tender is the tender the notice announces (nil for an award
	// notice), validated: ID "eforms-" +
	// the notice ID, Source{Kind: "eforms", NoticeID, Version}, status
	// published (closed for a change notice that cancels the procedure,
	// announced for a prior information notice of a reserved lot),
	// Owner empty.
	Tender *koppel.Tender
	// Outcomes are the results of the lots of an award notice (can-*,
	// see Read), Tender nil: awarded to the organisations of the winning
	// tenders (Winner.Name and CompanyID as the notice gives them; Winner.KBO
	// is for the caller to fill in from its directory) or not awarded with
	// the reason. TenderID is empty; Procedure is ProcedureID.
	Outcomes []*koppel.Outcome
	// NoticeType is BT-02 (cn-standard, pin-cfc-social, ...) and Subtype
	// OPP-070 (16, 21, E3, ...).
	NoticeType, Subtype string
	// Language is the official language of the notice (BT-702), e.g. FRA.
	Language string
	// ProcedureID is the procedure identifier (BT-04, cbc:ContractFolderID),
	// shared by every notice of one procedure.
	ProcedureID string
	// ChangedNoticeID and ChangedNoticeVersion name the notice a change
	// notice changes (BT-758, "<notice ID>-<version>"); empty otherwise. A
	// change notice has a notice ID of its own: to replace the tender of the
	// changed notice, look it up by ChangedNoticeID.
	ChangedNoticeID, ChangedNoticeVersion string
	// Cancelled is true for a change notice that cancels the procedure
	// (change reason "cancel"); its tender is closed.
	Cancelled bool
	// Texts keeps every language of the multilingual texts, which the
	// domain has no place for: field → language (NLD, FRA, ENG, ...) →
	// text. Fields are "title", "description", "buyer" (and
	// "buyer.<organisation ID>" for further buyers) and, per lot,
	// "<lot ID>.title", "<lot ID>.description", "<lot ID>.social" (BT-777)
	// and "<lot ID>.award.<n>.name"/".description" for the social award
	// criteria.
	Texts map[string]map[string]string
	// BuyerIDs are the company IDs (BT-501) of the buyer organisations:
	// whose notice it is (see koppel.SameOrganisation).
	BuyerIDs []string
	// Lots holds what the domain's Lot has no field for, by lot ID.
	Lots map[string]LotDetail
	// Problems are warnings about values dropped or guessed: an unknown CPV
	// code, a foreign or unknown postcode, a value in another currency.
	Problems []koppel.Problem
}

// LotDetail is what a notice says about a lot beyond koppel.Lot.
type LotDetail struct {
	// Deadline is the deadline for tenders (BT-131), ParticipationDeadline
	// for requests to participate (BT-1311) and InterestDeadline for
	// expressions of interest (BT-630).
	Deadline, ParticipationDeadline, InterestDeadline koppel.Date
	// DeadlineTime is the time of day of Deadline as written (BT-131(t)),
	// e.g. "16:00:00Z".
	DeadlineTime string
	// Duration is the planned duration (BT-36), e.g. "48 MONTH".
	Duration string
	// Country is the country of the place of performance (BT-5141), e.g.
	// BEL.
	Country string
	// Currency and Value are the estimated value as written when it is not
	// in EUR (and so not in koppel.Lot.Value).
	Currency string
	Value    float64
}

// Refusal is the cause of the *koppel.Error Read returns for a notice it
// does not import: errors.As finds it. It says why in a code; the words
// are the *koppel.Error's, said from its Key in any language
// (i18n.ErrorText, i18n.ErrorTexts).
type Refusal struct {
	// Reason is a short code: not-xml, empty, too-large, doctype, too-deep,
	// too-many-tokens, encoding, not-eforms, award, modification,
	// completion, direct-award, planning, consultation, registration,
	// unknown-type, no-type, no-notice-id, no-lots, no-title, invalid.
	Reason     string
	NoticeType string
}

func (r *Refusal) Error() string { return "eforms: notice refused: " + r.Reason }

// Refuse is the error of a refused notice: its message is the catalogue's
// key with args (name/value pairs, as i18n.KeyText), said in Dutch (the
// error's Message) and, by the error's Key, in the reader's language; its
// cause is the Refusal.
func Refuse(code, reason, noticeType, key string, args ...any) error {
	return &koppel.Error{Code: code, Message: i18n.KeyText(i18n.NL, key, args...), Key: key, Args: args,
		Err: &Refusal{Reason: reason, NoticeType: noticeType}}
}

// RefusalReason returns the Reason of the Refusal in err's chain, or ""
// when err is nil or not a refusal.
func RefusalReason(err error) string {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}

var errTooLarge = errors.New("eforms: input exceeds MaxBytes")

// limitedReader fails with errTooLarge once more than max bytes are read,
// so a large notice is refused rather than silently cut short.
type limitedReader struct {
	r   io.Reader
	n   int64 // bytes still allowed
	hit bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		l.hit = true
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		l.hit = true
		return n, errTooLarge
	}
	return n, err
}

// Read decodes one eForms notice (UBL 2.3, eForms SDK 1.x) from r,
// streaming its tokens, and returns the tender it announces. A notice that
// is not a call for competition, lacks what a tender needs or is not a
// readable notice at all is refused with a *koppel.Error (EINVALID, or
// ETOOLARGE beyond opts.MaxBytes) whose message says why in Dutch and whose
// cause is a *Refusal. Values that cannot be used (an unknown CPV code or
// postcode) are dropped and reported in Notice.Problems.
func Read(r io.Reader, opts Options) (*Notice, error) {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = DefaultMaxTokens
	}
	if opts.Ref == nil {
		return nil, koppel.Errorf(koppel.EINTERNAL, "read eForms notice: no reference data")
	}
	lr := &limitedReader{r: r, n: opts.MaxBytes}
	br := bufio.NewReaderSize(lr, 32<<10)
	if err := sniff(br, opts.MaxBytes); err != nil {
		return nil, err
	}
	d := xml.NewDecoder(br)
	d.Strict = true
	d.CharsetReader = charsetReader
	rd := &reader{dec: d, opts: opts, lim: lr, n: &Notice{Texts: map[string]map[string]string{}, Lots: map[string]LotDetail{}}}
	if err := rd.read(); err != nil {
		return nil, err
	}
	return rd.build()
}

// sniff refuses the common wrong files by their first bytes, with a
// clearer message than the XML decoder's.
func sniff(br *bufio.Reader, maxBytes int64) error {
	head, err := br.Peek(8)
	if err != nil && !errors.Is(err, io.EOF) {
		if errors.Is(err, errTooLarge) {
			return tooLarge(maxBytes)
		}
		return koppel.Errorf(koppel.EINTERNAL, "read notice: %w", err)
	}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3) // a UTF-8 byte order mark: harmless, but the decoder rejects it
		head = head[3:]
	}
	switch {
	case len(bytes.TrimSpace(head)) == 0 && len(head) < 8:
		return Refuse(koppel.EINVALID, "empty", "", "imports.notice_empty")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return Refuse(koppel.EINVALID, "not-xml", "", "imports.notice_zip")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return Refuse(koppel.EINVALID, "not-xml", "", "imports.notice_pdf")
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return Refuse(koppel.EINVALID, "encoding", "", "imports.notice_utf16")
	}
	return nil
}

func tooLarge(max int64) error {
	return Refuse(koppel.ETOOLARGE, "too-large", "", "imports.notice_too_large", "Size", sizeText(max))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// charsetReader lets the decoder read the encodings a notice may declare
// besides UTF-8: US-ASCII (a subset of UTF-8) and ISO-8859-1.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii", "utf8":
		return in, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		return &latin1Reader{r: bufio.NewReader(in)}, nil
	}
	return nil, &charsetError{label}
}

type charsetError struct{ label string }

func (e *charsetError) Error() string { return "unsupported encoding " + e.label }

// latin1Reader converts ISO-8859-1 to UTF-8: every byte is the code point
// of the same value.
type latin1Reader struct {
	r       *bufio.Reader
	pending []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.pending) > 0 {
			c := copy(p[n:], l.pending)
			l.pending = l.pending[c:]
			n += c
			continue
		}
		b, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b < 0x80 {
			p[n] = b
			n++
			continue
		}
		l.pending = append(l.pending[:0], 0xC0|b>>6, 0x80|b&0x3F)
	}
	return n, nil
}
