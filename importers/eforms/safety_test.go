package eforms

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
)

// nestingReader produces an endless "<ContractNotice><a><a><a>…" without
// holding it in memory, to prove that deep nesting is refused after
// reading little.
type nestingReader struct{ read int64 }

const nestingStart = "<ContractNotice>"

func (r *nestingReader) Read(p []byte) (int, error) {
	for i := range p {
		if k := r.read + int64(i); k < int64(len(nestingStart)) {
			p[i] = nestingStart[k]
		} else {
			p[i] = "<a>"[(k-int64(len(nestingStart)))%3]
		}
	}
	r.read += int64(len(p))
	return len(p), nil
}

// TestReadHostile feeds hostile and broken input: each must be refused
// quickly with the expected code and reason.
func TestReadHostile(t *testing.T) {
	const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<ContractNotice><cbc:ID>&lol9;</cbc:ID></ContractNotice>`
	const externalEntity = `<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<ContractNotice><cbc:ID schemeName="notice-id">&xxe;</cbc:ID></ContractNotice>`
	const undeclaredEntity = `<?xml version="1.0"?><ContractNotice><cbc:ID schemeName="notice-id">&xxe;</cbc:ID></ContractNotice>`
	notice, err := os.ReadFile(filepath.Join("testdata", "cn_flemish_synthetic.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ref := refdata.Load()
	for _, tc := range []struct {
		name   string
		in     io.Reader
		opts   Options
		code   string
		reason string
	}{
		{"billion laughs", strings.NewReader(billionLaughs), Options{}, koppel.EINVALID, "doctype"},
		{"external entity", strings.NewReader(externalEntity), Options{}, koppel.EINVALID, "doctype"},
		{"undeclared entity", strings.NewReader(undeclaredEntity), Options{}, koppel.EINVALID, "not-xml"},
		{"deep nesting, endless", &nestingReader{}, Options{}, koppel.EINVALID, "too-deep"},
		{"deep nesting in a notice", strings.NewReader("<ContractNotice>" + strings.Repeat("<x>", 200) + strings.Repeat("</x>", 200) + "</ContractNotice>"), Options{}, koppel.EINVALID, "too-deep"},
		{"too many tokens", strings.NewReader("<ContractNotice>" + strings.Repeat("<x/>", 2000) + "</ContractNotice>"), Options{MaxTokens: 1000}, koppel.EINVALID, "too-many-tokens"},
		{"too large", bytes.NewReader(notice), Options{MaxBytes: 4096}, koppel.ETOOLARGE, "too-large"},
		{"too large, endless", &nestingReader{}, Options{MaxBytes: 1 << 20, MaxDepth: 1 << 30, MaxTokens: 1 << 30}, koppel.ETOOLARGE, "too-large"},
		{"empty", strings.NewReader(""), Options{}, koppel.EINVALID, "empty"},
		{"only space", strings.NewReader("   \n\t\n    \n  "), Options{}, koppel.EINVALID, "empty"},
		{"only a declaration", strings.NewReader(`<?xml version="1.0"?>` + "\n"), Options{}, koppel.EINVALID, "empty"},
		{"plain text", strings.NewReader("Dit is geen XML maar een brief."), Options{}, koppel.EINVALID, "not-xml"},
		{"JSON", strings.NewReader(`{"notice": "cn-standard"}`), Options{}, koppel.EINVALID, "not-xml"},
		{"PDF", strings.NewReader("%PDF-1.7\n%âãÏÓ\n1 0 obj"), Options{}, koppel.EINVALID, "not-xml"},
		{"xlsx", strings.NewReader("PK\x03\x04\x14\x00\x06\x00"), Options{}, koppel.EINVALID, "not-xml"},
		{"UTF-16", strings.NewReader("\xff\xfe<\x00?\x00x\x00m\x00l\x00"), Options{}, koppel.EINVALID, "encoding"},
		{"truncated notice", bytes.NewReader(notice[:len(notice)/2]), Options{}, koppel.EINVALID, "not-xml"},
		{"truncated after root", bytes.NewReader(notice[:bytes.Index(notice, []byte("<ext:UBLExtensions>"))]), Options{}, koppel.EINVALID, "not-xml"},
		{"mismatched tags", strings.NewReader("<ContractNotice><a></b></ContractNotice>"), Options{}, koppel.EINVALID, "not-xml"},
		{"other XML", strings.NewReader(`<?xml version="1.0"?><html><body>hallo</body></html>`), Options{}, koppel.EINVALID, "not-eforms"},
		{"invalid UTF-8", strings.NewReader("<ContractNotice><cbc:ID>\xff\xfe</cbc:ID></ContractNotice>"), Options{}, koppel.EINVALID, "not-xml"},
		{"no notice type", strings.NewReader(`<ContractNotice><cbc:ID schemeName="notice-id">x</cbc:ID></ContractNotice>`), Options{}, koppel.EINVALID, "no-type"},
		{"unknown notice type", strings.NewReader(`<ContractNotice><cbc:NoticeTypeCode>cn-nieuw</cbc:NoticeTypeCode></ContractNotice>`), Options{}, koppel.EINVALID, "unknown-type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Ref = ref
			in := &countingReader{r: tc.in}
			n, err := Read(in, tc.opts)
			if err == nil {
				t.Fatalf("imported %+v, want refused", n.Tender)
			}
			// Bounded work: even an endless input is read no further
			// than a few MiB (a bound in bytes, not in seconds).
			if in.n > 4<<20 {
				t.Errorf("read %d bytes, want at most 4 MiB", in.n)
			}
			if got := koppel.ErrorCode(err); got != tc.code {
				t.Errorf("code %q (%v), want %q", got, err, tc.code)
			}
			if got := RefusalReason(err); got != tc.reason {
				t.Errorf("reason %q (%v), want %q", got, err, tc.reason)
			}
			msg := koppel.ErrorMessage(err)
			if msg == "" || msg == "Internal error." {
				t.Errorf("message %q", msg)
			}
			t.Log(msg)
		})
	}
	// The endless nesting is refused after the first few kilobytes, not
	// after MaxBytes.
	r := &nestingReader{}
	if _, err := Read(r, Options{Ref: ref}); RefusalReason(err) != "too-deep" {
		t.Errorf("endless nesting: %v", err)
	}
	if r.read > 64<<10 {
		t.Errorf("read %d bytes of endless nesting before refusing, want little", r.read)
	}
}

// TestReadBOM: a UTF-8 byte order mark does not stop a notice.
func TestReadBOM(t *testing.T) {
	notice, err := os.ReadFile(filepath.Join("testdata", "cn_flemish_synthetic.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(bytes.NewReader(append([]byte("\xef\xbb\xbf"), notice...)), Options{Ref: refdata.Load()}); err != nil {
		t.Fatal(err)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
