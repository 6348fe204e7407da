package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
)

// SheetProblems is the sheet AnnotateWorkbook adds with the list of
// problems (AnnotateWorkbookIn names it in its language: Problèmes,
// Problems).
const SheetProblems = "Problemen"

// Fill colours of annotated cells.
const (
	errorFill   = "FFC7CE"
	warningFill = "FFEB9C"
)

// Relationship and content types of the parts AnnotateWorkbook adds.
const (
	nsMain         = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPackageRels  = "http://schemas.openxmlformats.org/package/2006/relationships"
	relComments    = nsRel + "/comments"
	relVML         = nsRel + "/vmlDrawing"
	relWorksheet   = nsRel + "/worksheet"
	relStyles      = nsRel + "/styles"
	typeComments   = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	typeVML        = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	typeWorksheet  = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	typeStyles     = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
	xmlDeclaration = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// AnnotateWorkbook writes the uploaded file back as an xlsx with its
// problems shown where they are: each problem cell gets a fill colour (red
// for an error, yellow for a warning) and a comment with the Dutch message,
// and a sheet "Problemen" lists them all (AnnotateWorkbookIn writes them in
// another language). A CSV upload comes back as a
// workbook with one sheet "Aanbod" (named in lang: Offre, Offerings). Cell values are left as they are and
// every value Koppel writes is a plain string, never a formula.
//
// The workbook is rewritten part by part in one streaming pass: the sheets
// with problems are copied tag by tag with the problem cells restyled,
// their comments are written once, and every other part is copied as it
// is, still compressed. Time and memory grow with the file and the
// problems, never with their product, and no sheet is held in memory.
//
// Returns EINVALID when src is not a workbook or CSV, ETOOLARGE beyond the
// default upload limits, and ctx's error when it is done.
func AnnotateWorkbook(ctx context.Context, src io.Reader, problems []koppel.Problem, w io.Writer) error {
	return AnnotateWorkbookIn(ctx, src, problems, i18n.NL, w)
}

// AnnotateWorkbookIn is AnnotateWorkbook with the comments, the problem
// sheet's name, its headers and its messages in lang: a problem is said in
// lang when it has that language (Problem.In), else in Dutch. The Dutch
// workbook also lists each message in English, as it always did.
func AnnotateWorkbookIn(ctx context.Context, src io.Reader, problems []koppel.Problem, lang i18n.Lang, w io.Writer) error {
	if _, ok := i18n.Parse(string(lang)); !ok {
		lang = i18n.NL
	}
	opts := Options{}.withDefaults()
	data, err := io.ReadAll(io.LimitReader(src, opts.MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("annotate workbook: %w", err)
	}
	if int64(len(data)) > opts.MaxFileSize {
		return koppel.Errorf(koppel.ETOOLARGE, "het bestand is groter dan %d MB", opts.MaxFileSize>>20).WithKey("error.imports_upload_too_large", "MB", opts.MaxFileSize>>20)
	}
	name := "upload.xlsx"
	if len(problems) > 0 && problems[0].File != "" {
		name = problems[0].File
	}
	format, err := sniff(name, data)
	if err != nil {
		return err
	}
	if format == FormatCSV {
		// The CSV's rows go to a sheet named as the template's Aanbod
		// sheet in lang (Offre, Offerings), and so do its problems.
		sheet := i18n.T(lang, "template.sheet_offerings")
		if data, err = csvWorkbook(data, sheet); err != nil {
			return fmt.Errorf("annotate workbook: %w", err)
		}
		problems = slices.Clone(problems)
		for i := range problems {
			if problems[i].Sheet == "" {
				problems[i].Sheet = sheet
			}
		}
	}
	zr, err := checkZip(name, data, opts.UnzipSizeLimit, aanbodSchema)
	if err != nil {
		return err
	}
	a := &annotator{zr: zr, file: name, problems: problems, limit: opts.UnzipSizeLimit, lang: lang}
	if err := a.run(ctx, w); err != nil {
		if koppel.ErrorCode(err) != koppel.EINTERNAL || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return koppel.Errorf(koppel.EINVALID, "het bestand %q kan niet van opmerkingen voorzien worden (%w)", name, err)
	}
	return nil
}

// csvWorkbook copies CSV records into a new workbook's sheet named sheet,
// every cell as a string, and returns the xlsx.
func csvWorkbook(data []byte, sheet string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	src, _ := newCSVRows(data)
	for src.Next() {
		num, cells := src.Row()
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = excelize.Cell{Value: c} // a string value is written as a string, never a formula
		}
		if err := sw.SetRow(cell(1, num), row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// annotator rewrites one workbook.
type annotator struct {
	zr       *zip.Reader
	file     string
	problems []koppel.Problem
	limit    int64     // the most bytes a part may hold unpacked
	lang     i18n.Lang // of the comments and the problem sheet

	files  map[string]*zip.File // by lower-case name
	sheets []wbSheet
	notes  []*sheetNotes // sheets with problems, in workbook order
	styles *styleSheet
	// deferred are the parts written after the rest: the ones changed,
	// and the ones that may be dropped.
	deferred map[string]bool
	dropped  map[string]bool
	vmlBlock int // the next free block of 1,024 VML shape ids
}

// wbSheet is a sheet of the workbook and the part that holds it.
type wbSheet struct {
	name, rid, part string
}

// sheetNotes are the notes of one sheet, and what the rewrite learns.
type sheetNotes struct {
	sheet wbSheet
	rows  []int               // rows with notes, ascending
	cells map[int][]*cellNote // row → notes by column
	order []*cellNote         // in the order of the problems

	relsPart      string
	oldComments   string            // the sheet's comments part, "" if none
	vmlParts      map[string]string // relationship ID → VML part
	legacyRID     string            // the legacyDrawing the sheet had
	comments, vml string            // the parts added
	commentsRID   string
	vmlRID        string
}

// cellNote is the comment and colour of one cell.
type cellNote struct {
	row, col int
	err      bool
	lines    []string
}

func (a *annotator) run(ctx context.Context, w io.Writer) error {
	a.files = map[string]*zip.File{}
	for _, f := range a.zr.File {
		a.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	if err := a.readWorkbook(); err != nil {
		return err
	}
	a.collectNotes()
	a.deferred = map[string]bool{"[content_types].xml": true, "xl/workbook.xml": true, "xl/_rels/workbook.xml.rels": true}
	a.dropped = map[string]bool{}
	if a.styles.part != "" {
		a.deferred[strings.ToLower(a.styles.part)] = true
	}
	for _, n := range a.notes {
		if err := a.readSheetRels(n); err != nil {
			return err
		}
	}

	zw := zip.NewWriter(w)
	for _, f := range a.zr.File {
		if a.deferred[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] {
			continue
		}
		if err := copyRaw(zw, f); err != nil {
			return err
		}
	}
	for _, n := range a.notes {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.writeSheet(ctx, zw, n); err != nil {
			return fmt.Errorf("sheet %q: %w", n.sheet.name, err)
		}
	}
	// The VML parts the rewritten sheets still use.
	for _, n := range a.notes {
		for rid, part := range n.vmlParts {
			if rid == n.legacyRID {
				a.dropped[strings.ToLower(part)] = true
				continue
			}
			if f := a.files[strings.ToLower(part)]; f != nil {
				if err := copyRaw(zw, f); err != nil {
					return err
				}
			}
		}
	}
	problemsPart, problemsName := a.uniquePart("xl/worksheets/koppel-problemen.xml"), a.problemSheetName()
	if err := a.writeProblemSheet(zw, problemsPart); err != nil {
		return err
	}
	if err := a.writePart(zw, a.stylesPart(), a.styles.render()); err != nil {
		return err
	}
	if err := a.writeWorkbook(zw, problemsPart, problemsName); err != nil {
		return err
	}
	if err := a.writeContentTypes(zw, problemsPart); err != nil {
		return err
	}
	return zw.Close()
}

// copyRaw copies a part without unpacking it.
func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	fh := f.FileHeader
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

func (a *annotator) writePart(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// readPart reads a part of at most a.limit bytes; nil if it is missing.
func (a *annotator) readPart(name string) ([]byte, error) {
	f := a.files[strings.ToLower(name)]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(a.limit) {
		return nil, fmt.Errorf("%s too large", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, a.limit))
}

// uniquePart returns name, or a variant of it no part of the package has.
func (a *annotator) uniquePart(name string) string {
	base, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	for i := 2; a.files[strings.ToLower(name)] != nil; i++ {
		name = fmt.Sprintf("%s-%d%s", base, i, ext)
	}
	a.files[strings.ToLower(name)] = &zip.File{} // taken
	return name
}

// rels is a relationships part.
type rels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// resolve returns the part a relationship of a part in dir points to.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Clean(path.Join(dir, target))
}

// relTarget returns the relative target from a part in dir to part, as
// Excel writes it ("../comments1.xml").
func relTarget(dir, part string) string {
	from, to := strings.Split(dir, "/"), strings.Split(part, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// readWorkbook lists the sheets and reads the styles.
func (a *annotator) readWorkbook() error {
	wb, err := a.readPart("xl/workbook.xml")
	if err != nil {
		return err
	}
	relsDoc, err := a.readPart("xl/_rels/workbook.xml.rels")
	if err != nil {
		return err
	}
	var rs rels
	if err := xml.Unmarshal(relsDoc, &rs); err != nil {
		return fmt.Errorf("workbook relationships: %w", err)
	}
	targets := map[string]string{}
	stylesPart := ""
	for _, r := range rs.Rels {
		targets[r.ID] = resolve("xl", r.Target)
		if strings.HasSuffix(r.Type, "/styles") {
			stylesPart = resolve("xl", r.Target)
		}
	}
	for _, e := range elements(wb, "sheet") {
		tag := wb[e.start:e.tagEnd]
		name, _ := attr(tag, "name", false)
		rid, _ := attr(tag, "id", true)
		if part, ok := targets[rid]; ok && a.files[strings.ToLower(part)] != nil {
			a.sheets = append(a.sheets, wbSheet{name: name, rid: rid, part: part})
		}
	}
	var doc []byte
	if stylesPart != "" {
		if doc, err = a.readPart(stylesPart); err != nil {
			return err
		}
		if doc == nil {
			stylesPart = ""
		}
	}
	a.styles = newStyleSheet(stylesPart, doc)
	return nil
}

// collectNotes groups the problems by cell: one comment and one colour per
// cell, red if any of them is an error. A problem without a row or column
// is shown in A1 or in column A.
func (a *annotator) collectNotes() {
	bySheet := map[string]*sheetNotes{}
	for _, s := range a.sheets {
		bySheet[s.name] = &sheetNotes{sheet: s, cells: map[int][]*cellNote{}}
	}
	type at struct {
		sheet    string
		row, col int
	}
	seen := map[at]*cellNote{}
	warning, fault := i18n.T(a.lang, "imports.annotate_warning"), i18n.T(a.lang, "imports.annotate_error")
	for _, p := range a.problems {
		n := bySheet[p.Sheet]
		if n == nil {
			continue
		}
		row := min(max(p.Row, 1), 1<<20)
		col, _, ok := parseCellRef(columnLetter(p.Column) + "1")
		if !ok || p.Row == 0 {
			col = 1
		}
		k := at{p.Sheet, row, col}
		c := seen[k]
		if c == nil {
			c = &cellNote{row: row, col: col}
			seen[k] = c
			n.order = append(n.order, c)
			n.cells[row] = append(n.cells[row], c)
		}
		prefix := warning
		if p.Severity == koppel.SeverityError {
			prefix = fault
			c.err = true
		}
		c.lines = append(c.lines, prefix+" "+p.In(string(a.lang)))
	}
	for _, s := range a.sheets {
		n := bySheet[s.name]
		if len(n.order) == 0 {
			continue
		}
		for r, cs := range n.cells {
			slices.SortFunc(cs, func(x, y *cellNote) int { return x.col - y.col })
			n.rows = append(n.rows, r)
		}
		slices.Sort(n.rows)
		a.notes = append(a.notes, n)
	}
}

// readSheetRels reads a sheet's relationships: its comments part goes (its
// comments are kept in the new one), its VML drawings wait until the sheet
// tells which one held the comments.
func (a *annotator) readSheetRels(n *sheetNotes) error {
	dir := path.Dir(n.sheet.part)
	n.relsPart = path.Join(dir, "_rels", path.Base(n.sheet.part)+".rels")
	n.vmlParts = map[string]string{}
	a.deferred[strings.ToLower(n.sheet.part)] = true
	a.deferred[strings.ToLower(n.relsPart)] = true
	doc, err := a.readPart(n.relsPart)
	if err != nil || doc == nil {
		return err
	}
	var rs rels
	if err := xml.Unmarshal(doc, &rs); err != nil {
		return fmt.Errorf("relationships of %s: %w", n.sheet.part, err)
	}
	for _, r := range rs.Rels {
		if r.Mode == "External" {
			continue
		}
		part := resolve(dir, r.Target)
		switch {
		case strings.HasSuffix(r.Type, "/comments"):
			n.oldComments = part
			a.deferred[strings.ToLower(part)] = true
			a.dropped[strings.ToLower(part)] = true
		case strings.HasSuffix(r.Type, "/vmlDrawing"):
			n.vmlParts[r.ID] = part
			a.deferred[strings.ToLower(part)] = true
		}
	}
	return nil
}

// writeSheet rewrites a sheet with its notes, then its comments, its VML
// drawing and its relationships.
func (a *annotator) writeSheet(ctx context.Context, zw *zip.Writer, n *sheetNotes) error {
	f := a.files[strings.ToLower(n.sheet.part)]
	if f.UncompressedSize64 > uint64(a.limit) {
		return fmt.Errorf("%s too large", n.sheet.part)
	}
	n.commentsRID, n.vmlRID = "rIdKoppelComments", "rIdKoppelVml"
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	sw := &sheetWriter{ctx: ctx, n: n, styles: a.styles, br: bufio.NewReaderSize(rc, 64<<10), bw: bufio.NewWriterSize(w, 64<<10)}
	if err := sw.run(); err != nil {
		return err
	}
	n.comments = a.uniquePart("xl/koppel-comments.xml")
	n.vml = a.uniquePart("xl/drawings/koppel-notes.vml")
	kept, authors, err := a.oldComments(n)
	if err != nil {
		return err
	}
	if err := a.writeComments(zw, n, kept, authors); err != nil {
		return err
	}
	if err := a.writeVML(zw, n, kept); err != nil {
		return err
	}
	return a.writeSheetRels(zw, n)
}

// sheetWriter copies a sheet's XML, restyling the cells with notes and
// adding the ones that are missing, and points its legacyDrawing at the
// new comments.
type sheetWriter struct {
	ctx    context.Context
	n      *sheetNotes
	styles *styleSheet
	br     *bufio.Reader
	bw     *bufio.Writer

	prefix  string // of the worksheet's elements, "x:" or ""
	rel     string // the prefix and declaration of the relationships namespace
	phase   int    // 0 before sheetData, 1 inside, 2 after
	depth   int    // open elements below the worksheet, after sheetData
	next    int    // index in n.rows of the next row with notes
	lastRow int
	lastCol int
	pending []*cellNote // notes of the open row not written yet
	inRow   bool        // the open row has notes
	legacy  bool        // the legacyDrawing is written
	tag     []byte
	rows    int
}

// laterThanLegacy are the worksheet's children that come after
// legacyDrawing in the schema.
var laterThanLegacy = map[string]bool{"legacyDrawingHF": true, "drawingHF": true, "picture": true, "oleObjects": true, "controls": true, "webPublishItems": true, "tableParts": true, "extLst": true}

func (s *sheetWriter) run() error {
	for {
		chunk, err := s.br.ReadSlice('<')
		if err == bufio.ErrBufferFull {
			s.bw.Write(chunk)
			continue
		}
		if err == io.EOF {
			s.bw.Write(chunk)
			break
		}
		if err != nil {
			return err
		}
		s.bw.Write(chunk[:len(chunk)-1])
		head, _ := s.br.Peek(32)
		if len(head) > 0 && (head[0] == '!' || head[0] == '?') {
			if err := s.copySpecial(head); err != nil {
				return err
			}
			continue
		}
		end := len(head) > 0 && head[0] == '/'
		name := head
		if end {
			name = name[1:]
		}
		for i, c := range name {
			if isNameEnd(c) {
				name = name[:i]
				break
			}
		}
		local := string(localName(name))
		if !s.wants(local, end) {
			s.bw.WriteByte('<')
			continue
		}
		if err := s.readTag(); err != nil {
			return err
		}
		if err := s.handle(string(localName(tagName(s.tag))), end); err != nil {
			return err
		}
	}
	if s.phase != 2 {
		return errors.New("no sheetData")
	}
	return s.bw.Flush()
}

// wants tells the tags the writer reads whole.
func (s *sheetWriter) wants(local string, end bool) bool {
	switch s.phase {
	case 0:
		return !end && (local == "worksheet" || local == "sheetData")
	case 1:
		return local == "row" || local == "sheetData" || local == "c" && !end && s.inRow
	}
	return true
}

// copySpecial copies a comment, CDATA section, declaration or processing
// instruction.
func (s *sheetWriter) copySpecial(head []byte) error {
	term := []byte(">")
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		term = []byte("-->")
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		term = []byte("]]>")
	}
	s.bw.WriteByte('<')
	var tail []byte
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return err
		}
		s.bw.WriteByte(c)
		tail = append(tail, c)
		if len(tail) > len(term) {
			tail = tail[1:]
		}
		if bytes.Equal(tail, term) {
			return nil
		}
	}
}

// maxTagLen bounds one tag of a sheet.
const maxTagLen = 1 << 20

// readTag reads the rest of a tag into s.tag, '<' included.
func (s *sheetWriter) readTag() error {
	s.tag = append(s.tag[:0], '<')
	var quote byte
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return fmt.Errorf("unfinished tag: %w", err)
		}
		s.tag = append(s.tag, c)
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return nil
		}
		if len(s.tag) > maxTagLen {
			return errors.New("tag too long")
		}
	}
}

func (s *sheetWriter) selfClosing() bool {
	return len(s.tag) >= 2 && s.tag[len(s.tag)-2] == '/'
}

func (s *sheetWriter) handle(local string, end bool) error {
	switch s.phase {
	case 0:
		if local == "worksheet" {
			if name := tagName(s.tag); bytes.IndexByte(name, ':') > 0 {
				s.prefix = string(name[:bytes.IndexByte(name, ':')+1])
			}
			s.rel = relPrefix(s.tag)
			s.bw.Write(s.tag)
			return nil
		}
		if s.selfClosing() {
			s.bw.Write(s.tag[:len(s.tag)-2])
			s.bw.WriteString(">")
			s.flushRows(1 << 30)
			s.bw.WriteString("</" + s.prefix + "sheetData>")
		} else {
			s.bw.Write(s.tag)
			s.phase = 1
			return nil
		}
		s.phase = 2
		return nil
	case 1:
		switch {
		case local == "sheetData": // its end
			s.flushRows(1 << 30)
			s.bw.Write(s.tag)
			s.phase = 2
		case local == "row" && end:
			s.flushCells(1 << 30)
			s.inRow = false
			s.bw.Write(s.tag)
		case local == "row":
			return s.startRow()
		default:
			s.startCell()
		}
		return nil
	}
	// After sheetData: the legacyDrawing goes before the first child that
	// follows it in the schema, or replaces the sheet's own.
	switch {
	case end:
		if s.depth == 0 && !s.legacy {
			s.writeLegacy()
		}
		s.depth--
	case s.depth == 0 && local == "legacyDrawing" && !s.legacy:
		if st, e, ok := attrSpan(s.tag, "id", true); ok {
			s.n.legacyRID = string(s.tag[st:e])
			s.tag = splice(s.tag, st, e, []byte(s.n.vmlRID))
			s.legacy = true
		}
	case s.depth == 0 && laterThanLegacy[local] && !s.legacy:
		s.writeLegacy()
	}
	if !end && !s.selfClosing() {
		s.depth++
	}
	s.bw.Write(s.tag)
	return nil
}

func (s *sheetWriter) writeLegacy() {
	fmt.Fprintf(s.bw, `<%slegacyDrawing %s:id=%q/>`, s.prefix, s.rel, s.n.vmlRID)
	s.legacy = true
}

func (s *sheetWriter) startRow() error {
	if s.rows++; s.rows%1024 == 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
	}
	num := s.lastRow + 1
	if v, ok := attr(s.tag, "r", false); ok {
		if r, err := strconv.Atoi(v); err == nil && r > 0 {
			num = r
		}
	} else {
		s.tag = setAttr(s.tag, "r", strconv.Itoa(num))
	}
	s.flushRows(num)
	s.lastRow, s.lastCol = num, 0
	if s.next < len(s.n.rows) && s.n.rows[s.next] == num {
		s.pending = s.n.cells[num]
		s.next++
		s.tag = dropAttr(s.tag, "spans") // the cells added may lie outside
		if s.selfClosing() {
			s.bw.Write(s.tag[:len(s.tag)-2])
			s.bw.WriteString(">")
			s.flushCells(1 << 30)
			s.bw.WriteString("</" + s.prefix + "row>")
			return nil
		}
		s.inRow = true
	}
	s.bw.Write(s.tag)
	return nil
}

func (s *sheetWriter) startCell() {
	col := s.lastCol + 1
	if v, ok := attr(s.tag, "r", false); ok {
		if c, _, ok := parseCellRef(v); ok {
			col = c
		}
	} else {
		s.tag = setAttr(s.tag, "r", colName(col)+strconv.Itoa(s.lastRow))
	}
	s.lastCol = col
	s.flushCells(col)
	if len(s.pending) > 0 && s.pending[0].col == col {
		old := 0
		if v, ok := attr(s.tag, "s", false); ok {
			old, _ = strconv.Atoi(v)
		}
		s.tag = setAttr(s.tag, "s", strconv.Itoa(s.styles.id(old, s.pending[0].err)))
		s.pending = s.pending[1:]
	}
	s.bw.Write(s.tag)
}

// flushCells writes the pending cells left of column before.
func (s *sheetWriter) flushCells(before int) {
	for len(s.pending) > 0 && s.pending[0].col < before {
		c := s.pending[0]
		fmt.Fprintf(s.bw, `<%sc r="%s%d" s="%d"/>`, s.prefix, colName(c.col), c.row, s.styles.id(0, c.err))
		s.pending = s.pending[1:]
	}
}

// flushRows writes the rows with notes above row before that the sheet
// does not have.
func (s *sheetWriter) flushRows(before int) {
	for s.next < len(s.n.rows) && s.n.rows[s.next] < before {
		r := s.n.rows[s.next]
		s.next++
		fmt.Fprintf(s.bw, `<%srow r="%d">`, s.prefix, r)
		s.pending = s.n.cells[r]
		s.flushCells(1 << 30)
		s.bw.WriteString("</" + s.prefix + "row>")
	}
}

// relPrefix returns the prefix a root tag declares for the relationships
// namespace, as Excel writes it ("r"); when it declares none, "r" with its
// declaration, to be written where the prefix is used.
func relPrefix(root []byte) string {
	if i := bytes.Index(root, []byte(`="`+nsRel+`"`)); i >= 0 {
		if j := bytes.LastIndex(root[:i], []byte("xmlns:")); j >= 0 && !bytes.ContainsAny(root[j:i], " \t\r\n") {
			return string(root[j+len("xmlns:") : i])
		}
	}
	return `xmlns:r="` + nsRel + `" r`
}

// keptComment is a comment of the user on a cell without a note.
type keptComment struct {
	ref    string
	author int
	text   string // the inner XML of its text
}

// oldComments reads the sheet's comments that stay: those on cells
// without a note (a note replaces the comment on its cell).
func (a *annotator) oldComments(n *sheetNotes) ([]keptComment, []string, error) {
	if n.oldComments == "" {
		return nil, nil, nil
	}
	doc, err := a.readPart(n.oldComments)
	if err != nil || doc == nil {
		return nil, nil, err
	}
	if root := tagName(doc[max(bytes.Index(doc, []byte("<comments")), 0):]); !bytes.Equal(root, []byte("comments")) {
		return nil, nil, nil // prefixed elements cannot be copied as text; they give way
	}
	var c struct {
		Authors  []string `xml:"authors>author"`
		Comments []struct {
			Ref    string `xml:"ref,attr"`
			Author int    `xml:"authorId,attr"`
			Text   struct {
				Inner string `xml:",innerxml"`
			} `xml:"text"`
		} `xml:"commentList>comment"`
	}
	if err := xml.Unmarshal(doc, &c); err != nil {
		return nil, nil, nil // unreadable comments give way too
	}
	noted := map[[2]int]bool{}
	for _, c := range n.order {
		noted[[2]int{c.row, c.col}] = true
	}
	var kept []keptComment
	for _, k := range c.Comments {
		col, row, ok := parseCellRef(k.Ref)
		if !ok || noted[[2]int{row, col}] || k.Author < 0 || k.Author >= len(c.Authors) {
			continue
		}
		kept = append(kept, keptComment{ref: k.Ref, author: k.Author, text: k.Text.Inner})
	}
	return kept, c.Authors, nil
}

func (a *annotator) writeComments(zw *zip.Writer, n *sheetNotes, kept []keptComment, authors []string) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: n.comments, Method: zip.Deflate})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xmlDeclaration)
	fmt.Fprintf(bw, `<comments xmlns=%q><authors>`, nsMain)
	for _, au := range authors {
		bw.WriteString("<author>" + xmlEscape(au) + "</author>")
	}
	bw.WriteString("<author>Koppel</author></authors><commentList>")
	for _, k := range kept {
		fmt.Fprintf(bw, `<comment ref="%s" authorId="%d"><text>%s</text></comment>`, xmlEscape(k.ref), k.author, k.text)
	}
	for _, c := range n.order {
		fmt.Fprintf(bw, `<comment ref="%s%d" authorId="%d"><text><t xml:space="preserve">%s</t></text></comment>`,
			colName(c.col), c.row, len(authors), xmlEscape(strings.Join(c.lines, "\n")))
	}
	bw.WriteString("</commentList></comments>")
	return bw.Flush()
}

// writeVML writes the drawing Excel needs to show the comments: one hidden
// note shape per comment, with ids from blocks of 1,024 of the sheet's own.
func (a *annotator) writeVML(zw *zip.Writer, n *sheetNotes, kept []keptComment) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: n.vml, Method: zip.Deflate})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	total := len(kept) + len(n.order)
	blocks := total/1024 + 1
	first := a.vmlBlock + 1
	a.vmlBlock += blocks
	ids := make([]string, blocks)
	for i := range ids {
		ids[i] = strconv.Itoa(first + i)
	}
	bw.WriteString(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`)
	fmt.Fprintf(bw, `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%s"/></o:shapelayout>`, strings.Join(ids, ","))
	bw.WriteString(`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`)
	shape := func(i, row, col int) {
		fmt.Fprintf(bw, `<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:90pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`, first*1024+1+i, i+1)
		bw.WriteString(`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`)
		// The box sits right of the cell and a little above it, inside the
		// sheet also for a cell in the last column or row.
		left, top := min(col, 16384-5), min(max(row-2, 0), 1<<20-7)
		fmt.Fprintf(bw, `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			left, top, left+4, top+6, row-1, col-1)
	}
	i := 0
	for _, k := range kept {
		col, row, _ := parseCellRef(k.ref)
		shape(i, row, col)
		i++
	}
	for _, c := range n.order {
		shape(i, c.row, c.col)
		i++
	}
	bw.WriteString("</xml>")
	return bw.Flush()
}

// writeSheetRels writes the sheet's relationships without its old
// comments and their drawing, with the new ones.
func (a *annotator) writeSheetRels(zw *zip.Writer, n *sheetNotes) error {
	doc, err := a.readPart(n.relsPart)
	if err != nil {
		return err
	}
	if doc == nil {
		doc = []byte(xmlDeclaration + `<Relationships xmlns="` + nsPackageRels + `"></Relationships>`)
	}
	els := elements(doc, "Relationship")
	for i := len(els) - 1; i >= 0; i-- {
		e := els[i]
		tag := doc[e.start:e.tagEnd]
		typ, _ := attr(tag, "Type", false)
		id, _ := attr(tag, "Id", false)
		if strings.HasSuffix(typ, "/comments") || id == n.legacyRID && strings.HasSuffix(typ, "/vmlDrawing") || id == n.commentsRID || id == n.vmlRID {
			doc = splice(doc, e.start, e.end, nil)
		}
	}
	add := fmt.Sprintf(`<Relationship Id=%q Type=%q Target=%q/><Relationship Id=%q Type=%q Target=%q/>`,
		n.commentsRID, relComments, relTarget(path.Dir(n.sheet.part), n.comments), n.vmlRID, relVML, relTarget(path.Dir(n.sheet.part), n.vml))
	doc, err = insertBeforeClose(doc, "Relationships", add)
	if err != nil {
		return fmt.Errorf("relationships of %s: %w", n.sheet.part, err)
	}
	return a.writePart(zw, n.relsPart, doc)
}

// insertBeforeClose inserts add before the end tag of the element local,
// using the element's prefix for add's elements when it has one.
func insertBeforeClose(doc []byte, local, add string) ([]byte, error) {
	i, name := closeTag(doc, local)
	if i < 0 {
		if els := elements(doc, local); len(els) > 0 && els[0].end == els[0].tagEnd {
			// <Relationships/>: open it.
			e := els[0]
			tag := doc[e.start : e.tagEnd-2]
			return splice(doc, e.start, e.end, []byte(string(tag)+">"+add+"</"+string(tagName(doc[e.start:]))+">")), nil
		}
		return nil, fmt.Errorf("no %s element", local)
	}
	if p, _, ok := strings.Cut(name, ":"); ok {
		add = strings.ReplaceAll(add, "<", "<"+p+":")
		add = strings.ReplaceAll(add, "<"+p+":/", "</"+p+":")
	}
	return splice(doc, i, i, []byte(add)), nil
}

// problemSheetName returns a sheet name for the problems that the
// workbook does not use yet.
func (a *annotator) problemSheetName() string {
	taken := map[string]bool{}
	for _, s := range a.sheets {
		taken[strings.ToLower(s.name)] = true
	}
	base := i18n.T(a.lang, "imports.annotate_sheet")
	name := base
	for i := 1; taken[strings.ToLower(name)]; i++ {
		name = base + " (Koppel)"
		if i > 1 {
			name = fmt.Sprintf("%s (Koppel %d)", base, i)
		}
	}
	return name
}

// writeProblemSheet writes the list of problems, every cell an inline
// string.
func (a *annotator) writeProblemSheet(zw *zip.Writer, part string) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: part, Method: zip.Deflate})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xmlDeclaration)
	fmt.Fprintf(bw, `<worksheet xmlns=%q><cols><col min="1" max="1" width="16" customWidth="1"/><col min="4" max="4" width="30" customWidth="1"/><col min="6" max="7" width="70" customWidth="1"/></cols><sheetData>`, nsMain)
	row := func(r int, style int, vals ...string) {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		for i, v := range vals {
			if v == "" {
				continue
			}
			s := ""
			if style > 0 {
				s = fmt.Sprintf(` s="%d"`, style)
			}
			fmt.Fprintf(bw, `<c r="%s%d"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, colName(i+1), r, s, xmlEscape(v))
		}
		bw.WriteString("</row>")
	}
	l := a.lang
	head := []string{i18n.T(l, "imports.annotate_h_sheet"), i18n.T(l, "imports.annotate_h_row"), i18n.T(l, "imports.annotate_h_column"),
		i18n.T(l, "imports.annotate_h_value"), i18n.T(l, "imports.annotate_h_severity"), i18n.T(l, "imports.annotate_h_message")}
	if l == i18n.NL {
		head = append(head, "Message") // the English text too
	}
	row(1, a.styles.boldID(), head...)
	warning, fault := i18n.T(l, "imports.annotate_sev_warning"), i18n.T(l, "imports.annotate_sev_error")
	for i, p := range a.problems {
		sev := warning
		if p.Severity == koppel.SeverityError {
			sev = fault
		}
		num := ""
		if p.Row > 0 {
			num = strconv.Itoa(p.Row)
		}
		vals := []string{p.Sheet, num, p.Column, p.Value, sev, p.In(string(l))}
		if l == i18n.NL {
			vals = append(vals, p.MessageEN)
		}
		row(i+2, 0, vals...)
	}
	bw.WriteString("</sheetData></worksheet>")
	return bw.Flush()
}

func (a *annotator) stylesPart() string {
	if a.styles.part == "" {
		a.styles.part = a.uniquePart("xl/styles.xml")
		a.styles.added = true
	}
	return a.styles.part
}

// writeWorkbook adds the problem sheet (and the styles, when the workbook
// had none) to the workbook and its relationships.
func (a *annotator) writeWorkbook(zw *zip.Writer, part, name string) error {
	relsDoc, err := a.readPart("xl/_rels/workbook.xml.rels")
	if err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, e := range elements(relsDoc, "Relationship") {
		id, _ := attr(relsDoc[e.start:e.tagEnd], "Id", false)
		taken[id] = true
	}
	rid := "rIdKoppelProblemen"
	for i := 2; taken[rid]; i++ {
		rid = fmt.Sprintf("rIdKoppelProblemen%d", i)
	}
	add := fmt.Sprintf(`<Relationship Id=%q Type=%q Target=%q/>`, rid, relWorksheet, strings.TrimPrefix(part, "xl/"))
	if a.styles.added {
		add += fmt.Sprintf(`<Relationship Id="rIdKoppelStyles" Type=%q Target=%q/>`, relStyles, strings.TrimPrefix(a.styles.part, "xl/"))
	}
	if relsDoc, err = insertBeforeClose(relsDoc, "Relationships", add); err != nil {
		return fmt.Errorf("workbook relationships: %w", err)
	}
	if err := a.writePart(zw, "xl/_rels/workbook.xml.rels", relsDoc); err != nil {
		return err
	}

	wb, err := a.readPart("xl/workbook.xml")
	if err != nil {
		return err
	}
	maxID := 0
	for _, e := range elements(wb, "sheet") {
		v, _ := attr(wb[e.start:e.tagEnd], "sheetId", false)
		if id, err := strconv.Atoi(v); err == nil {
			maxID = max(maxID, id)
		}
	}
	root := wb[max(bytes.Index(wb, []byte("<workbook")), 0):]
	if i := bytes.IndexByte(root, '>'); i >= 0 {
		root = root[:i]
	}
	sheet := fmt.Sprintf(`<sheet name="%s" sheetId="%d" %s:id=%q/>`, xmlEscape(name), maxID+1, relPrefix(root), rid)
	if wb, err = insertBeforeClose(wb, "sheets", sheet); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return a.writePart(zw, "xl/workbook.xml", wb)
}

// writeContentTypes declares the parts added and forgets the ones
// dropped.
func (a *annotator) writeContentTypes(zw *zip.Writer, problemsPart string) error {
	doc, err := a.readPart("[Content_Types].xml")
	if err != nil {
		return err
	}
	hasVML := false
	for _, e := range elements(doc, "Default") {
		if ext, _ := attr(doc[e.start:e.tagEnd], "Extension", false); strings.EqualFold(ext, "vml") {
			hasVML = true
		}
	}
	els := elements(doc, "Override")
	for i := len(els) - 1; i >= 0; i-- {
		e := els[i]
		p, _ := attr(doc[e.start:e.tagEnd], "PartName", false)
		if a.dropped[strings.ToLower(strings.TrimPrefix(p, "/"))] {
			doc = splice(doc, e.start, e.end, nil)
		}
	}
	var add strings.Builder
	if !hasVML {
		fmt.Fprintf(&add, `<Default Extension="vml" ContentType=%q/>`, typeVML)
	}
	for _, n := range a.notes {
		fmt.Fprintf(&add, `<Override PartName="/%s" ContentType=%q/>`, n.comments, typeComments)
	}
	fmt.Fprintf(&add, `<Override PartName="/%s" ContentType=%q/>`, problemsPart, typeWorksheet)
	if a.styles.added {
		fmt.Fprintf(&add, `<Override PartName="/%s" ContentType=%q/>`, a.styles.part, typeStyles)
	}
	if doc, err = insertBeforeClose(doc, "Types", add.String()); err != nil {
		return fmt.Errorf("content types: %w", err)
	}
	return a.writePart(zw, "[Content_Types].xml", doc)
}

// styleSheet is the workbook's styles part, to which the annotation adds
// two fills, a bold font and a copy of each cell format of a problem cell
// with the fill of its note.
type styleSheet struct {
	part  string
	added bool // the workbook had no styles part
	doc   []byte
	xfs   [][]byte // the cell formats (cellXfs), as written
	// fills and fonts count those of the part.
	fills, fonts int
	clones       map[[2]int]int // (format, error?) → new format
	order        [][2]int
}

// minimalStyles is the styles part of a workbook that has none (or a
// broken one): what Excel itself writes for an empty workbook.
const minimalStyles = xmlDeclaration + `<styleSheet xmlns="` + nsMain + `"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

func newStyleSheet(part string, doc []byte) *styleSheet {
	s := &styleSheet{part: part, doc: doc, clones: map[[2]int]int{}}
	if doc == nil || !s.parse() {
		s.doc = []byte(minimalStyles)
		s.parse()
	}
	return s
}

// parse finds the fonts, fills and cell formats; false when one of them is
// missing.
func (s *styleSheet) parse() bool {
	fonts, fills, xfs := elements(s.doc, "fonts"), elements(s.doc, "fills"), elements(s.doc, "cellXfs")
	if len(fonts) != 1 || len(fills) != 1 || len(xfs) != 1 {
		return false
	}
	s.fonts = len(elements(s.doc[fonts[0].tagEnd:fonts[0].end], "font"))
	s.fills = len(elements(s.doc[fills[0].tagEnd:fills[0].end], "fill"))
	inner := s.doc[xfs[0].tagEnd:xfs[0].end]
	s.xfs = nil
	for _, e := range elements(inner, "xf") {
		s.xfs = append(s.xfs, inner[e.start:e.end])
	}
	return len(s.xfs) > 0
}

// boldID is the format of the problem sheet's header.
func (s *styleSheet) boldID() int { return len(s.xfs) }

// id returns the format of a problem cell whose format was old.
func (s *styleSheet) id(old int, isErr bool) int {
	if old < 0 || old >= len(s.xfs) {
		old = 0
	}
	k := [2]int{old, 0}
	if isErr {
		k[1] = 1
	}
	if id, ok := s.clones[k]; ok {
		return id
	}
	id := len(s.xfs) + 1 + len(s.order)
	s.clones[k] = id
	s.order = append(s.order, k)
	return id
}

// render returns the part with the fills, the font and the formats added.
func (s *styleSheet) render() []byte {
	doc := s.doc
	fills := fmt.Sprintf(`<fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor indexed="64"/></patternFill></fill>`, errorFill, warningFill)
	doc = appendChildren(doc, "fills", fills, s.fills+2)
	doc = appendChildren(doc, "fonts", `<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>`, s.fonts+1)
	var xfs strings.Builder
	fmt.Fprintf(&xfs, `<xf numFmtId="0" fontId="%d" fillId="0" borderId="0" xfId="0" applyFont="1"/>`, s.fonts)
	for _, k := range s.order {
		old := s.xfs[k[0]]
		end := tagEnd(old, 0)
		tag := setAttr(setAttr(old[:end], "fillId", strconv.Itoa(s.fills+1-k[1])), "applyFill", "1")
		xfs.Write(tag)
		xfs.Write(old[end:])
	}
	prefix := ""
	if name := tagName(s.xfs[0]); bytes.IndexByte(name, ':') > 0 {
		prefix = string(name[:bytes.IndexByte(name, ':')+1])
	}
	add := xfs.String()
	if prefix != "" {
		// The copied formats carry the prefix already; the bold one not.
		add = strings.Replace(add, "<xf ", "<"+prefix+"xf ", 1)
	}
	return appendChildrenRaw(doc, "cellXfs", add, len(s.xfs)+1+len(s.order))
}

// appendChildren adds children (written without a prefix) to the first
// element local and sets its count.
func appendChildren(doc []byte, local, children string, count int) []byte {
	els := elements(doc, local)
	if p := tagName(doc[els[0].start:]); bytes.IndexByte(p, ':') > 0 {
		pre := string(p[:bytes.IndexByte(p, ':')+1])
		children = strings.ReplaceAll(children, "<", "<"+pre)
		children = strings.ReplaceAll(children, "<"+pre+"/", "</"+pre)
	}
	return appendChildrenRaw(doc, local, children, count)
}

// appendChildrenRaw adds children as they are.
func appendChildrenRaw(doc []byte, local, children string, count int) []byte {
	e := elements(doc, local)[0]
	tag := setAttr(doc[e.start:e.tagEnd], "count", strconv.Itoa(count))
	if e.end == e.tagEnd { // <fills/>
		tag = append(tag[:len(tag)-2:len(tag)-2], '>')
		closing := "</" + string(tagName(doc[e.start:])) + ">"
		return splice(doc, e.start, e.end, []byte(string(tag)+children+closing))
	}
	closeAt := e.end - len("</"+string(tagName(doc[e.start:]))+">")
	out := make([]byte, 0, len(doc)+len(children)+16)
	out = append(out, doc[:e.start]...)
	out = append(out, tag...)
	out = append(out, doc[e.tagEnd:closeAt]...)
	out = append(out, children...)
	return append(out, doc[closeAt:]...)
}

// columnLetter takes the letter from a problem's column, "CPV-codes (E)"
// → "E", or the column itself when it is a letter; "A" otherwise.
func columnLetter(col string) string {
	col = strings.TrimSpace(col)
	if strings.HasSuffix(col, ")") {
		if i := strings.LastIndexByte(col, '('); i >= 0 {
			col = col[i+1 : len(col)-1]
		}
	}
	if col == "" || len(col) > 3 {
		return "A"
	}
	for _, r := range col {
		if r < 'A' || r > 'Z' {
			return "A"
		}
	}
	return col
}
