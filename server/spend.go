package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/importers"
)

// Spend analysis: a buyer uploads its purchases (importers.ReadSpend),
// Koppel links the suppliers to the directory (koppel.LinkSpend) and
// shows the share that went to the social economy (koppel.AnalyzeSpend).
// The file, the link decisions and the target are kept per buyer
// (Server.Spend); the linking is redone on every view, so that it follows
// the directory.

// maxSpendList is the most purchases the page lists behind a figure; the
// export has them all. maxSpendProposals bounds the proposals shown.
const (
	maxSpendList      = 200
	maxSpendProposals = 50
)

func (s *Server) spendRoutes() []route {
	listParams := []param{
		{Name: "year", In: "query", Type: "integer", Description: "the year the work forms and categories are counted for (default: all years)"},
		{Name: "form", In: "query", Type: "string", Description: "list the purchases of this work form"},
		{Name: "category", In: "query", Type: "string", Description: "list the purchases of this category (zonder-categorie: none)"},
		{Name: "list", In: "query", Type: "string", Description: "social: the purchases from social-economy enterprises; all: every purchase"},
	}
	return []route{
		{Method: "GET", Path: "/api/v1/spend", Summary: "The buyer's spend analysis: the share of its purchases that went to social-economy enterprises per year, work form and category, the links proposed by name, and the report of the upload", Tag: "spend",
			Roles: buyerOnly, Rate: rateSearch, Query: listParams, Response: SpendResponse{}, Export: true, Handler: s.handleSpend},
		{Method: "POST", Path: "/api/v1/spend", Summary: "Upload the buyer's purchases (xlsx or CSV, multipart field file or the raw body); replaces the previous file. A file without one valid purchase is refused with 422 and changes nothing", Tag: "spend",
			Roles: buyerOnly, Body: bodyUpload, Rate: rateWrite, Response: koppel.SpendFile{}, Handler: s.handleSpendUpload},
		{Method: "POST", Path: "/api/v1/spend/links", Summary: "Confirm or reject a link proposed by name (decision confirmed or rejected)", Tag: "spend",
			Roles: buyerOnly, Body: bodyJSON, Rate: rateWrite, Request: SpendLinkRequest{}, Response: koppel.SupplierLink{}, Handler: s.handleSpendLink},
		{Method: "PUT", Path: "/api/v1/spend/target", Summary: "Set the buyer's target share of spend to the social economy, in percent", Tag: "spend",
			Roles: buyerOnly, Body: bodyJSON, Rate: rateWrite, Request: SpendTarget{}, Response: SpendTarget{}, Handler: s.handleSpendTarget},
		{Method: "GET", Path: "/mijn-aankopen", Summary: "Mijn aankopen: the spend analysis page", Page: true, Roles: buyerOnly, Rate: rateSearch, Handler: s.handleSpendPage},
		{Method: "POST", Path: "/mijn-aankopen", Summary: "Upload purchases from the page", Page: true, Roles: buyerOnly, Body: bodyUpload, Rate: rateWrite, Handler: s.handleSpendPageUpload},
		{Method: "POST", Path: "/mijn-aankopen/koppelen", Summary: "Confirm or reject a proposed link from the page", Page: true, Roles: buyerOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleSpendPageLink},
		{Method: "POST", Path: "/mijn-aankopen/streefcijfer", Summary: "Set the target from the page", Page: true, Roles: buyerOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleSpendPageTarget},
	}
}

// SpendResponse is the answer of GET /api/v1/spend. File is the report of
// the upload, without its purchases; Purchases lists the selected ones
// (at most maxSpendList) when a selection was asked.
type SpendResponse struct {
	File      *koppel.SpendFile     `json:"file"`
	Analysis  *koppel.SpendAnalysis `json:"analysis"`
	Proposals []SpendProposal       `json:"proposals"`
	Confirmed []SpendProposal       `json:"confirmed"`
	Purchases []SpendPurchase       `json:"purchases,omitempty"`
}

// SpendProposal is a link by name: proposed, or confirmed by the buyer.
type SpendProposal struct {
	Name       string     `json:"name"`
	Key        string     `json:"key"`
	KBO        koppel.KBO `json:"kbo"`
	Enterprise string     `json:"enterprise"`
	Social     bool       `json:"social"` // the enterprise has a work form
	Purchases  int        `json:"purchases"`
	Cents      int64      `json:"cents"`
}

// SpendPurchase is a purchase with what it was linked to and counts for.
type SpendPurchase struct {
	koppel.Purchase
	Enterprise     koppel.KBO      `json:"enterprise,omitempty"`
	EnterpriseName string          `json:"enterprise_name,omitempty"`
	How            koppel.LinkHow  `json:"linked_by,omitempty"`
	Social         bool            `json:"social"`
	Form           koppel.WorkForm `json:"work_form,omitempty"`
	Category       koppel.Category `json:"category,omitempty"`
}

// SpendLinkRequest confirms or rejects that the supplier Name is the
// enterprise KBO.
type SpendLinkRequest struct {
	Name     string              `json:"name"`
	KBO      koppel.KBO          `json:"kbo"`
	Decision koppel.LinkDecision `json:"decision"`
}

// SpendTarget is the buyer's target share, in percent.
type SpendTarget struct {
	Percent float64 `json:"target_percent"`
}

// spendStore returns the store, or answers 503 and returns nil.
func (s *Server) spendStore(c *gin.Context) koppel.SpendService {
	if s.Spend == nil {
		s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "de analyse van aankopen staat niet aan op deze server").WithKey("error.imports_spend_off"))
	}
	return s.Spend
}

// spendView is a buyer's file linked and analysed.
type spendView struct {
	file      *koppel.SpendFile
	lines     []koppel.SpendLine
	analysis  *koppel.SpendAnalysis
	proposals []SpendProposal
	confirmed []SpendProposal
}

// spendSelection reads the selection of the query; list is false when
// none was asked.
func spendSelection(c *gin.Context) (sel koppel.SpendSelection, list bool, err error) {
	if y := strings.TrimSpace(c.Query("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1990 || n > 2100 {
			return sel, false, koppel.Errorf(koppel.EINVALID, "jaar %q: kies een jaar zoals 2025", y).WithKey("error.imports_spend_year", "Value", y)
		}
		sel.Year = n
	}
	if f := strings.TrimSpace(c.Query("form")); f != "" {
		wf, err := koppel.ParseWorkForm(f)
		if err != nil {
			return sel, false, err
		}
		sel.Form, list = wf, true
	}
	if cat := strings.TrimSpace(c.Query("category")); cat != "" {
		if koppel.Category(cat) == koppel.NoCategory {
			sel.Category = koppel.NoCategory
		} else if sel.Category, err = koppel.ParseCategory(cat); err != nil {
			return sel, false, err
		}
		list = true
	}
	switch c.Query("list") {
	case "":
	case "social":
		sel.Social, list = true, true
	case "all":
		list = true
	default:
		return sel, false, koppel.Errorf(koppel.EINVALID, "lijst %q: kies social (sociale economie) of all (alle aankopen)", c.Query("list")).WithKey("error.imports_spend_list", "Value", c.Query("list"))
	}
	if sel.Form != "" || sel.Category != "" {
		sel.Social = true
	}
	return sel, list, nil
}

// loadSpend reads the buyer's file, links and analyses it for year (all
// when 0). The file is nil when the buyer has uploaded none.
func (s *Server) loadSpend(ctx context.Context, st koppel.SpendService, buyer string, year int) (*spendView, error) {
	target, err := st.FindSpendTarget(ctx, buyer)
	if err != nil {
		return nil, err
	}
	v := &spendView{}
	f, err := st.FindSpendFile(ctx, buyer)
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		v.analysis = koppel.AnalyzeSpend(nil, year, target)
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	decisions, err := st.FindSupplierLinks(ctx, buyer)
	if err != nil {
		return nil, err
	}
	dir, err := s.spendDirectory(ctx, f.Purchases, decisions)
	if err != nil {
		return nil, err
	}
	lines, props := koppel.LinkSpend(f.Purchases, dir, decisions)
	v.file, v.lines = f, lines
	v.analysis = koppel.AnalyzeSpend(lines, year, target)
	for _, p := range props {
		v.proposals = append(v.proposals, proposalOf(p.Name, p.Key, p.Candidate, p.Purchases, p.Cents))
	}
	// The confirmed links, with what they count for now.
	byKey := map[string]*SpendProposal{}
	for _, d := range decisions {
		if d.Decision != koppel.LinkConfirmed {
			continue
		}
		if e := dir.ByKBO[d.KBO]; e != nil {
			p := proposalOf("", d.Name, e, 0, 0)
			byKey[d.Name] = &p
		}
	}
	for _, l := range lines {
		if l.How == koppel.LinkedByConfirmed {
			if p := byKey[koppel.SupplierKey(l.Supplier)]; p != nil {
				if p.Name == "" {
					p.Name = l.Supplier
				}
				p.Purchases++
				p.Cents += l.Cents
			}
		}
	}
	for _, p := range byKey {
		if p.Purchases > 0 {
			v.confirmed = append(v.confirmed, *p)
		}
	}
	sort.Slice(v.confirmed, func(i, j int) bool { return v.confirmed[i].Cents > v.confirmed[j].Cents })
	return v, nil
}

func proposalOf(name, key string, e *koppel.SpendSupplier, n int, cents int64) SpendProposal {
	return SpendProposal{Name: name, Key: key, KBO: e.KBO, Enterprise: e.Name, Social: len(e.Recognitions) > 0, Purchases: n, Cents: cents}
}

// spendDirectory looks up the enterprises the file may go to: those with
// a company number of the file or of a confirmed link, and, when the file
// names suppliers without a number, every enterprise of the same name
// (one walk through the directory). Their work forms are those of the
// register of verified recognitions where it lists them (with its dates),
// else the declared ones; their categories come from their offerings, the
// most offered first.
func (s *Server) spendDirectory(ctx context.Context, ps []koppel.Purchase, decisions []koppel.SupplierLink) (koppel.SpendLinks, error) {
	dir := koppel.SpendLinks{ByKBO: map[koppel.KBO]*koppel.SpendSupplier{}, ByName: map[string][]*koppel.SpendSupplier{}}
	var reg *koppel.RecognitionRegister
	if s.Recognitions != nil {
		var err error
		if reg, err = s.Recognitions.RecognitionRegister(ctx); err != nil {
			return dir, err
		}
	}
	kbos := map[koppel.KBO]bool{}
	names := map[string]bool{}
	written := map[string]bool{}
	for _, p := range ps {
		if p.KBO != "" {
			kbos[p.KBO] = true
		} else if p.Supplier != "" && !written[p.Supplier] {
			written[p.Supplier] = true
			names[koppel.SupplierKey(p.Supplier)] = true
		}
	}
	for _, d := range decisions {
		if d.Decision == koppel.LinkConfirmed {
			kbos[d.KBO] = true
		}
	}
	for k := range kbos {
		e, err := s.Enterprises.FindEnterpriseByKBO(ctx, k)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue
		}
		if err != nil {
			return dir, err
		}
		sup, err := s.spendSupplier(ctx, reg.Apply(e))
		if err != nil {
			return dir, err
		}
		dir.ByKBO[k] = sup
	}
	w, ok := s.Enterprises.(enterpriseWalker)
	if len(names) == 0 || !ok {
		return dir, nil
	}
	err := w.ForEachEnterprise(ctx, func(e *koppel.Enterprise) error {
		key := koppel.SupplierKey(e.Name)
		if !names[key] {
			return nil
		}
		sup := dir.ByKBO[e.KBO]
		if sup == nil {
			var err error
			if sup, err = s.spendSupplier(ctx, reg.Apply(e)); err != nil {
				return err
			}
			dir.ByKBO[e.KBO] = sup
		}
		dir.ByName[key] = append(dir.ByName[key], sup)
		return nil
	})
	return dir, err
}

func (s *Server) spendSupplier(ctx context.Context, e *koppel.Enterprise) (*koppel.SpendSupplier, error) {
	sup := &koppel.SpendSupplier{KBO: e.KBO, Name: e.Name, Recognitions: e.Recognitions}
	if len(e.Recognitions) == 0 || s.Offerings == nil {
		return sup, nil // not social: its categories do not count
	}
	offs, err := s.Offerings.FindOfferingsByEnterprise(ctx, e.KBO)
	if err != nil {
		return nil, err
	}
	count := map[koppel.Category]int{}
	for _, o := range offs {
		if o.Category != "" {
			if count[o.Category] == 0 {
				sup.Categories = append(sup.Categories, o.Category)
			}
			count[o.Category]++
		}
	}
	sort.SliceStable(sup.Categories, func(i, j int) bool { return count[sup.Categories[i]] > count[sup.Categories[j]] })
	return sup, nil
}

func purchaseOf(l *koppel.SpendLine) SpendPurchase {
	p := SpendPurchase{Purchase: l.Purchase, How: l.How, Social: l.Social, Form: l.Form, Category: l.Category}
	if l.Enterprise != nil {
		p.Enterprise, p.EnterpriseName = l.Enterprise.KBO, l.Enterprise.Name
	}
	return p
}

// handleSpend answers the analysis as JSON, or the selected purchases as
// a file.
func (s *Server) handleSpend(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	sel, list, err := spendSelection(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	v, err := s.loadSpend(c.Request.Context(), st, caller(c).Token.Buyer, sel.Year)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if format != "" {
		s.writeSpendExport(c, format, v, sel, list)
		return
	}
	resp := SpendResponse{File: v.file, Analysis: v.analysis, Proposals: v.proposals, Confirmed: v.confirmed}
	if resp.File != nil {
		f := localSpendFile(lang(c), v.file)
		f.Purchases = nil
		resp.File = f
	}
	if resp.Proposals == nil {
		resp.Proposals = []SpendProposal{}
	}
	if resp.Confirmed == nil {
		resp.Confirmed = []SpendProposal{}
	}
	if list {
		resp.Purchases = []SpendPurchase{}
		for i := range v.lines {
			if sel.Matches(&v.lines[i]) && len(resp.Purchases) < maxSpendList {
				resp.Purchases = append(resp.Purchases, purchaseOf(&v.lines[i]))
			}
		}
	}
	c.JSON(http.StatusOK, resp)
}

// spendColumns are the columns of the spend export.
var spendExportColumns = []export.Column{
	{Name: "Rij", Kind: export.Integer, Width: 6},
	{Name: "Datum", Kind: export.Date},
	{Name: "Leverancier", Width: 30},
	{Name: "Ondernemingsnummer", Width: 18},
	{Name: "Bedrag (EUR)", Kind: export.Number, Width: 14},
	{Name: "Omschrijving", Width: 40},
	{Name: "CPV", Width: 14},
	{Name: "Gekoppeld aan", Width: 30},
	{Name: "Ondernemingsnummer onderneming", Width: 18},
	{Name: "Gekoppeld op", Width: 22},
	{Name: "Sociale economie", Width: 10},
	{Name: "Werkvorm", Width: 22},
	{Name: "Categorie", Width: 26},
}

func (s *Server) writeSpendExport(c *gin.Context, format export.Format, v *spendView, sel koppel.SpendSelection, list bool) {
	l := lang(c)
	lg := l
	about := export.About{Title: tr(c, "imports.export_t_spend")}
	if v.file != nil {
		about.Query = v.file.File
	}
	if list {
		about.Filters = selectionFields(l, sel)
	}
	a := v.analysis
	about.Notes = append(about.Notes, tr(c, "imports.export_n_spend_all", "Share", spendPercent(l, a.All.Share), "Social", spendEuro(l, a.All.Social), "Total", spendEuro(l, a.All.Total)))
	for _, y := range a.Years {
		about.Notes = append(about.Notes, tr(c, "imports.export_n_spend_year", "Year", y.Label, "Share", spendPercent(l, y.Share), "Social", spendEuro(l, y.Social), "Total", spendEuro(l, y.Total)))
	}
	if a.Target > 0 {
		about.Notes = append(about.Notes, tr(c, "imports.export_n_spend_target", "Target", spendPercent(l, a.Target/100)))
	}
	s.writeExport(c, format, exportFile{Name: tr(c, "imports.export_file.spend"), About: about, Cols: spendExportColumns}, func(w *export.Writer) error {
		for i := range v.lines {
			l := &v.lines[i]
			if list && !sel.Matches(l) {
				continue
			}
			var name, kbo, form, cat string
			if l.Enterprise != nil {
				name, kbo = l.Enterprise.Name, l.Enterprise.KBO.String()
			}
			if l.Form != "" {
				form = workFormName(lg, l.Form)
			}
			if l.Category != "" {
				cat = spendCategoryLabel(lg, l.Category)
			}
			if err := w.Row(l.Row, l.Date, l.Supplier, l.KBO.String(), float64(l.Cents)/100, l.Description, cpvText(l.CPV), name, kbo, howText(lg, l.How), yesNo(lg, l.Social), form, cat); err != nil {
				return err
			}
		}
		return nil
	})
}

func selectionFields(l i18n.Lang, sel koppel.SpendSelection) []export.Field {
	var out []export.Field
	if sel.Year != 0 {
		out = append(out, export.Field{Name: export.Header(l, "Jaar"), Value: strconv.Itoa(sel.Year)})
	}
	if sel.Form != "" {
		out = append(out, export.Field{Name: export.Header(l, "Werkvorm"), Value: workFormName(l, sel.Form)})
	}
	if sel.Category != "" {
		out = append(out, export.Field{Name: export.Header(l, "Categorie"), Value: spendCategoryLabel(l, sel.Category)})
	}
	if sel.Social {
		out = append(out, export.Field{Name: i18n.T(l, "imports.export_f.social_only"), Value: yesNo(l, true)})
	}
	return out
}

// spendCategoryLabel names a category of purchases in l, as the page
// does: "Zonder categorie" / "Sans catégorie" for the social-economy
// purchases without one.
func spendCategoryLabel(l i18n.Lang, c koppel.Category) string {
	if c == koppel.NoCategory {
		return i18n.T(l, "spend.no_category")
	}
	return enumLabel(l, "category.", string(c), c.Label())
}

// howText says in l how a purchase was linked to its enterprise
// (ondernemingsnummer, naam (bevestigd)); empty when it was not.
func howText(l i18n.Lang, h koppel.LinkHow) string {
	if h == koppel.NotLinked {
		return ""
	}
	return i18n.T(l, "spend.how."+string(h))
}

// yesNo says b in l: ja/nee, oui/non, yes/no.
func yesNo(l i18n.Lang, b bool) string {
	if b {
		return i18n.T(l, "display.yes")
	}
	return i18n.T(l, "display.no")
}

// readSpendUpload reads the uploaded file as a spend file of the caller.
// A file without one valid purchase is EINVALID with its report: storing
// it would replace the figures with nothing.
func (s *Server) readSpendUpload(c *gin.Context) (*koppel.SpendFile, error) {
	name, data, err := s.readUploadedFile(c)
	if err != nil {
		return nil, err
	}
	f, err := importers.ReadSpend(c.Request.Context(), s.Reference, name, bytes.NewReader(data), importers.Options{MaxFileSize: s.MaxUploadBytes})
	if err != nil {
		return nil, err
	}
	f.Buyer, f.UploadedAt = caller(c).Token.Buyer, time.Now().UTC()
	return f, nil
}

func (s *Server) handleSpendUpload(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	f, err := s.readSpendUpload(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if len(f.Purchases) == 0 {
		c.JSON(http.StatusUnprocessableEntity, localSpendFile(lang(c), f))
		return
	}
	if err := st.ReplaceSpendFile(c.Request.Context(), f); err != nil {
		s.writeError(c, err)
		return
	}
	f.Purchases = nil
	c.JSON(http.StatusOK, localSpendFile(lang(c), f))
}

// localSpendFile returns a copy of f whose problems have their Text in l
// (the page and the JSON's message; message_nl, message_fr and
// message_en stay for clients that choose themselves).
func localSpendFile(l i18n.Lang, f *koppel.SpendFile) *koppel.SpendFile {
	if f == nil {
		return nil
	}
	c := *f
	c.Problems = localProblems(l, f.Problems)
	return &c
}

// decideLink stores a decision on a link by name for the caller.
func (s *Server) decideLink(ctx context.Context, st koppel.SpendService, buyer string, r SpendLinkRequest) (koppel.SupplierLink, error) {
	key := koppel.SupplierKey(r.Name)
	if key == "" {
		return koppel.SupplierLink{}, koppel.Errorf(koppel.EINVALID, "de naam van de leverancier ontbreekt").WithKey("error.imports_spend_supplier_name")
	}
	l := koppel.SupplierLink{Name: key, KBO: r.KBO, Decision: r.Decision}
	if k, err := koppel.ParseKBO(string(r.KBO)); err == nil && r.Decision == koppel.LinkConfirmed {
		if _, err := s.Enterprises.FindEnterpriseByKBO(ctx, k); err != nil {
			return l, err
		}
	}
	if err := st.PutSupplierLink(ctx, buyer, l); err != nil {
		return l, err
	}
	l.KBO, _ = koppel.ParseKBO(string(r.KBO))
	return l, nil
}

func (s *Server) handleSpendLink(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	var r SpendLinkRequest
	if err := decodeJSON(c, &r); err != nil {
		s.writeError(c, err)
		return
	}
	l, err := s.decideLink(c.Request.Context(), st, caller(c).Token.Buyer, r)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, l)
}

func (s *Server) handleSpendTarget(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	var t SpendTarget
	if err := decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	if err := st.PutSpendTarget(c.Request.Context(), caller(c).Token.Buyer, t.Percent); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

// parsePercent reads a percentage as people type it: "12,5", "12.5 %".
func parsePercent(s string) (float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	f, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
	if err != nil || f < 0 || f > 100 {
		return 0, koppel.Errorf(koppel.EINVALID, "vul een percentage tussen 0 en 100 in, bv. 12,5").WithKey("error.imports_spend_percent")
	}
	return f, nil
}

// spendQuery keeps the page's year on the links and redirects.
func spendQuery(year int) string {
	if year == 0 {
		return ""
	}
	return "?" + url.Values{"year": {strconv.Itoa(year)}}.Encode()
}
