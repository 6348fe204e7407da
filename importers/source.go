package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"koppel"
)

// File formats ReadCatalogue and ReadTenders recognise.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

// sniff decides the format of an upload from its first bytes and its name,
// or returns the EINVALID error that tells the user what the file is.
func sniff(name string, data []byte) (string, error) {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case len(data) == 0:
		return "", koppel.Errorf(koppel.EINVALID, "het bestand %q is leeg", name).WithKey("error.file_empty", "File", name)
	case bytes.HasPrefix(data, zipMagic):
		return FormatXLSX, nil
	case bytes.HasPrefix(data, oleMagic):
		if isEncryptedOLE(data) {
			return "", koppel.Errorf(koppel.EINVALID, "het bestand %q is beveiligd met een wachtwoord; sla het op zonder wachtwoord (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord: leegmaken) en laad het opnieuw op", name).WithKey("error.file_password", "File", name)
		}
		return "", koppel.Errorf(koppel.EINVALID, "het bestand %q is een oud Excel-bestand (.xls, Excel 97-2003); open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)", name).WithKey("error.file_xls", "File", name)
	case ext == ".csv" || ext == ".txt" || ext == ".tsv" || utf16Order(data) != nil:
		return FormatCSV, nil
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".ods" || ext == ".numbers":
		if ext == ".ods" || bytes.HasPrefix(data, []byte("PK")) {
			break
		}
		return "", koppel.Errorf(koppel.EINVALID, "het bestand %q is geen geldig Excel-bestand of is beschadigd; open het in Excel of LibreOffice en sla het opnieuw op als .xlsx", name).WithKey("error.file_damaged", "File", name)
	case looksLikeText(data):
		return FormatCSV, nil
	}
	return "", koppel.Errorf(koppel.EINVALID, "het bestand %q is geen Excel-werkmap (.xlsx) of CSV-bestand", name).WithKey("error.file_kind", "File", name)
}

// isEncryptedOLE tells a password-protected xlsx (an OLE compound file
// holding the streams "EncryptionInfo" and "EncryptedPackage") from an old
// .xls (streams "Workbook" or "Book"). The directory entry names are
// UTF-16LE; looking for them is enough to tell the two apart.
func isEncryptedOLE(data []byte) bool {
	return bytes.Contains(data, utf16le("EncryptedPackage")) || bytes.Contains(data, utf16le("EncryptionInfo"))
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// looksLikeText reports whether the first kilobytes are text: no NUL bytes
// and mostly printable.
func looksLikeText(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	bad := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			bad++
		}
	}
	return bad*20 < len(head)
}

// checkZip opens the package and refuses a zip bomb: the uncompressed
// sizes declared in the archive (which archive/zip enforces while reading)
// must stay under limit. s names the kind of file in the message ("een
// catalogus").
func checkZip(name string, data []byte, limit int64, s *schema) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "het bestand %q is beschadigd of geen geldig Excel-bestand (%v); open het in Excel of LibreOffice en sla het opnieuw op als .xlsx", name, err).WithKey("error.file_damaged", "File", name)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limit) {
			return nil, koppel.Errorf(koppel.ETOOLARGE, "het bestand %q is uitgepakt groter dan %d MB; dat is te groot voor %s (of het is een zip-bom)", name, limit>>20, s.what).WithKey("error.imports_unzip", "File", name, "MB", limit>>20, "What", s.word("imports.what."))
		}
	}
	if zipFile(zr, "[Content_Types].xml") == nil || zipFile(zr, "xl/workbook.xml") == nil {
		if zipFile(zr, "content.xml") != nil {
			return nil, koppel.Errorf(koppel.EINVALID, "het bestand %q is een OpenDocument-rekenblad (.ods); sla het in LibreOffice op als Excel-werkmap (.xlsx)", name).WithKey("error.file_ods", "File", name)
		}
		return nil, koppel.Errorf(koppel.EINVALID, "het bestand %q is een zip-bestand maar geen Excel-werkmap (.xlsx)", name).WithKey("error.file_zip", "File", name)
	}
	return zr, nil
}

func zipFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f
		}
	}
	return nil
}

// sheetPart returns the path in the package of a sheet's XML, from
// xl/workbook.xml and its relationships.
func sheetPart(zr *zip.Reader, sheet string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			RID2 string `xml:"http://purl.oclc.org/ooxml/officeDocument/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodeZipXML(zr, "xl/workbook.xml", &wb); err != nil {
		return "", err
	}
	if err := decodeZipXML(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", err
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		id := s.RID
		if id == "" {
			id = s.RID2
		}
		for _, r := range rels.Rels {
			if r.ID == id {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("sheet %q: part not found", sheet)
}

func decodeZipXML(zr *zip.Reader, name string, v any) error {
	f := zipFile(zr, name)
	if f == nil {
		return fmt.Errorf("%s missing", name)
	}
	if f.UncompressedSize64 > 16<<20 {
		return fmt.Errorf("%s too large", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// mergeRange is a merged block of cells, 1-based and inclusive.
type mergeRange struct {
	r1, c1, r2, c2 int
}

// maxMerges bounds the merged ranges a sheet may declare.
const maxMerges = 100_000

// sheetScan is what scanSheet learns of a sheet.
type sheetScan struct {
	rows   int          // <row> elements
	merges []mergeRange // sorted by r1
	// lastRow is the highest row with a cell that holds something;
	// farCol the highest column of such a cell, in row farColRow.
	lastRow, farCol, farColRow int
}

// scanSheet makes one fast pass over a sheet's XML without parsing it: it
// counts the <row> elements, finds the highest row and column used and
// collects the <mergeCell ref="…"> ranges, so that the limits are checked
// before any offering is read and merged cells can be filled in while
// streaming. excelize would load the whole sheet into memory to list
// merged cells.
func scanSheet(zr *zip.Reader, part string) (sc sheetScan, err error) {
	f := zipFile(zr, part)
	if f == nil {
		return sc, fmt.Errorf("%s missing", part)
	}
	rc, err := f.Open()
	if err != nil {
		return sc, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	row, col := 0, 0
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				break
			}
			return sc, err
		}
		head, _ := br.Peek(32)
		name := head
		if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
			name = name[:i]
		}
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		switch string(name) {
		case "row":
			sc.rows++
			row, col = row+1, 0
			tag, err := br.ReadSlice('>')
			if err != nil && err != bufio.ErrBufferFull {
				continue
			}
			if s, e, ok := attrSpan(tag, "r", false); ok {
				if n, err := strconv.Atoi(string(tag[s:e])); err == nil {
					row = n
				}
			}
		case "c":
			col++
			tag, err := br.ReadSlice('>')
			if err != nil && err != bufio.ErrBufferFull {
				continue
			}
			if s, e, ok := attrSpan(tag, "r", false); ok {
				if c, _, ok := parseCellRef(tag[s:e]); ok {
					col = c
				}
			}
			if len(tag) >= 2 && tag[len(tag)-2] == '/' {
				continue // an empty cell, perhaps only formatted
			}
			sc.lastRow = max(sc.lastRow, row)
			if col > sc.farCol {
				sc.farCol, sc.farColRow = col, row
			}
		case "mergeCell":
			tag, err := br.ReadSlice('>')
			if err != nil && err != bufio.ErrBufferFull {
				continue
			}
			if m, ok := parseMergeTag(tag); ok && len(sc.merges) < maxMerges {
				sc.merges = append(sc.merges, m)
			}
		}
	}
	slices.SortFunc(sc.merges, func(a, b mergeRange) int { return a.r1 - b.r1 })
	return sc, nil
}

func parseMergeTag(tag []byte) (mergeRange, bool) {
	i := bytes.Index(tag, []byte(`ref="`))
	if i < 0 {
		return mergeRange{}, false
	}
	ref := tag[i+5:]
	j := bytes.IndexByte(ref, '"')
	if j < 0 {
		return mergeRange{}, false
	}
	a, b, ok := strings.Cut(string(ref[:j]), ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return mergeRange{}, false
	}
	return mergeRange{r1: min(r1, r2), c1: min(c1, c2), r2: max(r1, r2), c2: max(c1, c2)}, true
}

// rowSource streams the rows of the offerings table: the cells of each
// row and its 1-based number as the spreadsheet shows it.
type rowSource interface {
	Next() bool
	Row() (num int, cells []string)
	Err() error
	Close() error
}

// xlsxRows reads a sheet with excelize's row iterator and fills merged
// cells: a cell in a merged block takes the value of the block's top-left
// cell when it is in the same column (a category merged down over several
// offerings); merged neighbours to the right stay empty so that one value
// does not land in two fields.
type xlsxRows struct {
	rows   *excelize.Rows
	num    int
	cells  []string
	err    error
	merges []mergeRange // sorted by r1
	next   int          // first merge not yet active
	active []activeMerge
}

type activeMerge struct {
	mergeRange
	value string
}

func newXLSXRows(f *excelize.File, sheet string, merges []mergeRange) (*xlsxRows, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &xlsxRows{rows: rows, merges: merges}, nil
}

func (x *xlsxRows) Next() bool {
	if x.err != nil || !x.rows.Next() {
		if x.err == nil {
			x.err = x.rows.Error()
		}
		return false
	}
	cells, err := x.rows.Columns()
	if err != nil {
		x.err = err
		return false
	}
	// excelize's Next steps through every row number, returning rows
	// missing from the XML as empty ones, so counting gives the number.
	x.num++
	x.cells = cells
	x.applyMerges()
	return true
}

func (x *xlsxRows) applyMerges() {
	if len(x.merges) == 0 && len(x.active) == 0 {
		return
	}
	r := x.num
	// Retire finished merges, start the ones that begin here or before.
	keep := x.active[:0]
	for _, m := range x.active {
		if m.r2 >= r {
			keep = append(keep, m)
		}
	}
	x.active = keep
	for x.next < len(x.merges) && x.merges[x.next].r1 <= r {
		m := x.merges[x.next]
		x.next++
		if m.r2 < r {
			continue
		}
		v := ""
		if m.r1 == r && m.c1-1 < len(x.cells) {
			v = x.cells[m.c1-1]
		}
		x.active = append(x.active, activeMerge{m, v})
	}
	for _, m := range x.active {
		if m.r1 == r || m.value == "" {
			continue
		}
		c := m.c1 - 1
		for len(x.cells) <= c {
			x.cells = append(x.cells, "")
		}
		if x.cells[c] == "" {
			x.cells[c] = m.value
		}
	}
}

func (x *xlsxRows) Row() (int, []string) { return x.num, x.cells }
func (x *xlsxRows) Err() error           { return x.err }
func (x *xlsxRows) Close() error         { return x.rows.Close() }

// csvRows reads CSV records; the row number is the record's position, as a
// spreadsheet program shows it when it opens the file.
type csvRows struct {
	r     *csv.Reader
	num   int
	cells []string
	err   error
}

// newCSVRows prepares CSV text: see toUTF8; the separator is the one of
// ";", "," and tab that occurs most in the first line outside quotes.
func newCSVRows(data []byte) (*csvRows, bool) {
	data, converted := toUTF8(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	return &csvRows{r: r}, converted
}

func sniffComma(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(data[:min(len(data), 64<<10)]) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ';' || c == ',' || c == '\t' {
			counts[c]++
		}
	}
	best, n := ',', 0
	for _, c := range []rune{';', ',', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

func (c *csvRows) Next() bool {
	if c.err != nil {
		return false
	}
	rec, err := c.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) || rec == nil {
			c.err = err
			return false
		}
	}
	c.num++
	c.cells = rec
	return true
}

func (c *csvRows) Row() (int, []string) { return c.num, c.cells }
func (c *csvRows) Err() error           { return c.err }
func (c *csvRows) Close() error         { return nil }

// toUTF8 returns CSV text as UTF-8 without a BOM, and whether it had to
// be converted: UTF-16 (what Excel writes for "Unicode-tekst", with a BOM,
// or recognised by its NUL bytes) is decoded, and text that is not UTF-8
// is read as Windows-1252 (what Excel writes for "CSV (gescheiden door
// lijstscheidingsteken)").
func toUTF8(data []byte) ([]byte, bool) {
	if order := utf16Order(data); order != nil {
		return decodeUTF16(data, order), true
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		return windows1252ToUTF8(data), true
	}
	return data, false
}

// utf16Order tells UTF-16 text by its BOM, or without one by NUL bytes in
// every other position (the high bytes of Latin text), and returns its
// byte order; nil for anything else.
func utf16Order(data []byte) binary.ByteOrder {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return binary.BigEndian
	}
	head := data[:min(len(data), 4096)&^1]
	if len(head) < 4 {
		return nil
	}
	var even, odd int
	for i := 0; i < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := len(head) / 2
	switch {
	case odd*10 >= pairs*3 && even*20 < pairs:
		return binary.LittleEndian
	case even*10 >= pairs*3 && odd*20 < pairs:
		return binary.BigEndian
	}
	return nil
}

// decodeUTF16 decodes UTF-16 in the given byte order, dropping a BOM; an
// unpaired surrogate becomes U+FFFD.
func decodeUTF16(data []byte, order binary.ByteOrder) []byte {
	out := make([]byte, 0, len(data)/2+len(data)/8)
	for i := 0; i+1 < len(data); i += 2 {
		r := rune(order.Uint16(data[i:]))
		if utf16.IsSurrogate(r) && i+3 < len(data) {
			if d := utf16.DecodeRune(r, rune(order.Uint16(data[i+2:]))); d != utf8.RuneError {
				r = d
				i += 2
			}
		}
		if i == 0 && r == 0xFEFF {
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// cp1252 holds the characters of Windows-1252 at 0x80–0x9F; the other
// bytes are Latin-1.
var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

func windows1252ToUTF8(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			out.WriteByte(c)
		case c < 0xA0:
			out.WriteRune(cp1252[c-0x80])
		default:
			out.WriteRune(rune(c))
		}
	}
	return out.Bytes()
}

// prefetchRows reads a rowSource in a goroutine, a few batches of rows
// ahead of the consumer; memory stays bounded by the batches in flight.
type prefetchRows struct {
	src   rowSource
	ch    chan rowBatch
	done  chan struct{}
	wg    sync.WaitGroup
	err   error // the source's error, set before ch is closed
	cur   rowBatch
	i     int
	num   int
	cells []string
	stop  sync.Once
}

type rowBatch struct {
	nums  []int
	cells [][]string
}

const (
	prefetchBatch   = 256
	prefetchBatches = 4
)

func prefetch(src rowSource) *prefetchRows {
	p := &prefetchRows{src: src, ch: make(chan rowBatch, prefetchBatches), done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.ch)
		b := rowBatch{nums: make([]int, 0, prefetchBatch), cells: make([][]string, 0, prefetchBatch)}
		send := func() bool {
			select {
			case p.ch <- b:
				b = rowBatch{nums: make([]int, 0, prefetchBatch), cells: make([][]string, 0, prefetchBatch)}
				return true
			case <-p.done:
				return false
			}
		}
		for src.Next() {
			n, cells := src.Row()
			b.nums = append(b.nums, n)
			b.cells = append(b.cells, cells)
			if len(b.nums) == prefetchBatch && !send() {
				return
			}
		}
		if len(b.nums) > 0 && !send() {
			return
		}
		p.err = src.Err()
	}()
	return p
}

func (p *prefetchRows) Next() bool {
	for p.i >= len(p.cur.nums) {
		b, ok := <-p.ch
		if !ok {
			return false
		}
		p.cur, p.i = b, 0
	}
	p.num, p.cells = p.cur.nums[p.i], p.cur.cells[p.i]
	p.i++
	return true
}

func (p *prefetchRows) Row() (int, []string) { return p.num, p.cells }

// Err returns the source's error once Next has returned false.
func (p *prefetchRows) Err() error { return p.err }

// Close stops the reader goroutine, waits for it and closes the source.
func (p *prefetchRows) Close() error {
	p.stop.Do(func() { close(p.done) })
	p.wg.Wait()
	return p.src.Close()
}

// checkParts refuses, before excelize unpacks anything, a part larger
// than opts.MaxPartSize and a shared-strings table of more than
// opts.MaxSharedStrings entries: excelize holds that table in memory
// whole, so 14 million tiny entries (a 580 KB file) took a gigabyte.
func (t *table) checkParts(zr *zip.Reader) error {
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(t.opts.MaxPartSize) {
			return koppel.Errorf(koppel.ETOOLARGE, "het bestand %q bevat een onderdeel (%s) dat uitgepakt groter is dan %d MB; Koppel leest hoogstens %d MB per onderdeel", t.file, f.Name, t.opts.MaxPartSize>>20, t.opts.MaxPartSize>>20).WithKey("error.imports_part", "File", t.file, "Part", f.Name, "MB", t.opts.MaxPartSize>>20)
		}
	}
	part := "xl/sharedStrings.xml"
	var rs rels
	if decodeZipXML(zr, "xl/_rels/workbook.xml.rels", &rs) == nil {
		for _, r := range rs.Rels {
			if strings.HasSuffix(r.Type, "/sharedStrings") {
				part = resolve("xl", r.Target)
			}
		}
	}
	f := zipFile(zr, part)
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "het bestand %q is beschadigd (%w)", t.file, err).WithKey("error.imports_damaged", "File", t.file)
	}
	defer rc.Close()
	n, err := countElements(rc, "si", t.opts.MaxSharedStrings+1)
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "het bestand %q is beschadigd (%w)", t.file, err).WithKey("error.imports_damaged", "File", t.file)
	}
	if n > t.opts.MaxSharedStrings {
		return koppel.Errorf(koppel.ETOOLARGE, "het bestand %q heeft meer dan %d verschillende teksten (gedeelde tekenreeksen); Koppel leest er hoogstens %d", t.file, t.opts.MaxSharedStrings, t.opts.MaxSharedStrings).WithKey("error.imports_strings", "File", t.file, "Max", t.opts.MaxSharedStrings)
	}
	return nil
}

// countElements counts the start tags named local (any prefix) in r, up
// to limit.
func countElements(r io.Reader, local string, limit int) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	for n < limit {
		if _, err := br.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				break
			}
			return n, err
		}
		head, _ := br.Peek(len(local) + 16)
		name := head
		if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
			name = name[:i]
		}
		if string(localName(name)) == local {
			n++
		}
	}
	return n, nil
}
