package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
)

// CandidateFinder finds the enterprises that can serve a lot (place
// covered, CPV or category fit), best first, for the market scan.
type CandidateFinder interface {
	ScanCandidates(ctx context.Context, lot *koppel.Lot) ([]clauses.Candidate, error)
}

func (s *Server) clauseRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/clauses", Summary: "The library of model social clauses", Tag: "clauses", Response: []clauseInfo{}, Handler: s.handleClauseList},
		{Method: "POST", Path: "/api/v1/clauses/draft", Summary: "Market scan, recommendation and draft clause for a lot", Tag: "clauses",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: DraftRequest{}, Response: DraftResponse{}, Export: true, Handler: s.handleClauseDraft},
		{Method: "GET", Path: "/api/v1/tenders/:id/clauses", Summary: "Market scan and recommendation for every lot of a tender, one page of lots at a time", Tag: "clauses",
			Roles: buyerOrAdmin, Rate: rateSearch, Query: lotPageParamsDoc, Response: []DraftResponse{}, Export: true, Handler: s.handleTenderClauses},
	}
}

// clauseInfo is a catalogue entry as the API shows it: the legal basis
// and the risks (risks) in the request's language, the fields named _nl
// and _fr in Dutch and French.
type clauseInfo struct {
	Kind       koppel.ClauseKind `json:"kind"`
	Label      string            `json:"label_nl"`
	LabelFR    string            `json:"label_fr"`
	Reserved   bool              `json:"reserved"`
	LegalBasis string            `json:"legal_basis"`
	When       string            `json:"when_nl"`
	Risks      []string          `json:"risks_nl"`
	EForms     map[string]any    `json:"eforms"`
	Template   string            `json:"template_nl"`
	RisksIn    []string          `json:"risks"`
}

func (s *Server) handleClauseList(c *gin.Context) {
	var out []clauseInfo
	l := lang(c)
	for _, cl := range clauses.Load().Clauses {
		info, _ := cl.Kind.Info()
		out = append(out, clauseInfo{Kind: cl.Kind, Label: cl.LabelNL, LabelFR: cl.LabelFR, Reserved: info.Reserved, LegalBasis: cl.LegalBasisIn(l), When: cl.WhenNL, Risks: cl.RisksNL, RisksIn: cl.RisksIn(l), EForms: cl.EForms, Template: cl.TemplateNL})
	}
	c.JSON(http.StatusOK, out)
}

// DraftRequest asks for a clause for a lot.
type DraftRequest struct {
	Lot    DraftLot          `json:"lot"`
	Clause koppel.ClauseKind `json:"clause,omitempty"` // preferred kind; default: the recommended one
	Buyer  string            `json:"buyer,omitempty"`
	// Percent and Weight fill execution conditions and award criteria.
	Percent float64 `json:"percent,omitempty"`
	Weight  float64 `json:"weight,omitempty"`
}

// DraftLot is the lot of a DraftRequest.
type DraftLot struct {
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	CPV         []string    `json:"cpv"`
	Postcode    string      `json:"postcode"`
	Start       koppel.Date `json:"start"`
	End         koppel.Date `json:"end"`
	VolumeFTE   float64     `json:"volume_fte,omitempty"`
}

// DraftResponse is the scan, the advice and the draft for one lot.
type DraftResponse struct {
	LotID          string                 `json:"lot_id,omitempty"`
	Scan           clauses.Scan           `json:"scan"`
	Recommendation clauses.Recommendation `json:"recommendation"`
	Draft          *clauses.Draft         `json:"draft"`
	// Also are the drafts of the clauses advised beside the main one
	// (Recommendation.Also), such as internship places beside a
	// reservation.
	Also     []*clauses.Draft `json:"also,omitempty"`
	ToDecide []string         `json:"to_decide"`
}

func (s *Server) handleClauseDraft(c *gin.Context) {
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var req DraftRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	lot := koppel.Lot{ID: "1", Title: req.Lot.Title, Description: req.Lot.Description, Postcode: req.Lot.Postcode, Start: req.Lot.Start, End: req.Lot.End, VolumeFTE: req.Lot.VolumeFTE}
	for _, code := range req.Lot.CPV {
		lot.CPV = append(lot.CPV, koppel.CPV(code))
	}
	t := koppel.Tender{Title: lot.Title, Buyer: koppel.Buyer{Name: firstNonEmpty(req.Buyer, "aankoper")}, Lots: []koppel.Lot{lot}}
	if err := t.Validate(s.Reference); err != nil {
		s.writeError(c, err)
		return
	}
	if req.Clause != "" {
		if _, ok := req.Clause.Info(); !ok {
			s.writeError(c, koppel.Errorf(koppel.EINVALID, "onbekende sociale clausule %q", req.Clause).WithKey("error.clause_unknown", "Value", string(req.Clause)))
			return
		}
	}
	resp, err := s.draftForLot(c.Request.Context(), &t.Lots[0], req.Clause, clauses.TemplateParams{Buyer: req.Buyer, Object: objectText(&t.Lots[0]), ObjectFR: objectTextFR(&t.Lots[0]), Percent: req.Percent, Weight: req.Weight})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if format != "" {
		s.exportScans(c, format, tr(c, "imports.export_file.scan"), lot.Title, draftLotFields(lang(c), &req.Lot), []scanLot{{ID: "1", Title: lot.Title, Resp: resp}})
		return
	}
	c.JSON(http.StatusOK, resp)
}

func (s *Server) handleTenderClauses(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	page, size, err := lotPageParams(c, "lots_page", "lots_size")
	if err != nil {
		s.writeError(c, err)
		return
	}
	var out []DraftResponse
	lots := lotWindow(t, page, size).Lots
	for i := range lots {
		l := &lots[i]
		resp, err := s.draftForLot(c.Request.Context(), l, "", clauses.TemplateParams{Buyer: t.Buyer.Name, Object: objectText(l), ObjectFR: objectTextFR(l)})
		if err != nil {
			s.writeError(c, err)
			return
		}
		resp.LotID = l.ID
		out = append(out, *resp)
	}
	if format != "" {
		lots := make([]scanLot, len(out))
		for i := range out {
			lots[i] = scanLot{ID: out[i].LotID, Title: lotWindow(t, page, size).Lots[i].Title, Resp: &out[i]}
		}
		s.exportScans(c, format, tr(c, "imports.export_file.scan")+"-"+safeName(t.ID), t.Title, tenderLotsFields(lang(c), t, page, size, len(t.Lots)), lots)
		return
	}
	c.JSON(http.StatusOK, out)
}

// draftForLot scans the market for a lot, recommends a clause and drafts
// it (the preferred kind when given), in the request's language (the
// clause texts stay Dutch and French).
func (s *Server) draftForLot(ctx context.Context, lot *koppel.Lot, preferred koppel.ClauseKind, p clauses.TemplateParams) (*DraftResponse, error) {
	cands, err := s.Candidates.ScanCandidates(ctx, lot)
	if err != nil {
		return nil, err
	}
	l := i18n.From(ctx)
	scan := clauses.ScanLotIn(l, s.CodeLists, lot, cands, koppel.DateOf(timeNow()))
	rec := clauses.RecommendIn(l, scan, s.Thresholds)
	kind := rec.Kind
	if preferred != "" {
		kind = preferred
	}
	d, err := clauses.Load().DraftClauseIn(l, s.CodeLists, kind, lot, p)
	if err != nil {
		return nil, err
	}
	resp := &DraftResponse{Scan: scan, Recommendation: rec, Draft: d, ToDecide: d.ToDecide}
	for _, a := range rec.Also {
		if a.Kind == kind {
			continue
		}
		ad, err := clauses.Load().DraftClauseIn(l, s.CodeLists, a.Kind, lot, p)
		if err != nil {
			return nil, err
		}
		resp.Also = append(resp.Also, ad)
	}
	if rec.Split != nil {
		resp.ToDecide = append(resp.ToDecide, i18n.T(l, "eligibility.decide_split", "Reason", rec.Split.Reason))
	}
	if preferred != "" && preferred != rec.Kind {
		resp.ToDecide = append(resp.ToDecide, i18n.T(l, "eligibility.decide_other_choice", "Advised", strings.ToLower(enumLabel(l, "clausekind.", string(rec.Kind), kindLabel(rec.Kind)))))
	}
	return resp, nil
}

func kindLabel(k koppel.ClauseKind) string {
	info, _ := k.Info()
	return info.Label
}

// objectText names the lot in a Dutch clause: de opdracht "Schoonmaak".
func objectText(l *koppel.Lot) string {
	return "de opdracht \"" + l.Title + "\""
}

// objectTextFR names the lot in a French clause: le marché « Schoonmaak ».
func objectTextFR(l *koppel.Lot) string {
	return "le marché « " + l.Title + " »"
}
