package ingest

import (
	"context"
	"fmt"

	"koppel"
	"koppel/i18n"
	"koppel/importers/eforms"
)

// KindOutcome is the kind of an import that recorded the outcomes of an
// award notice, as the import report names it.
const KindOutcome = "uitslag geregistreerd"

// OutcomeStore keeps the outcomes of award notices. *store.Store
// implements it; an Importer whose Store does not refuses award notices.
type OutcomeStore interface {
	PutProcedureOutcomes(ctx context.Context, procedure string, outs []*koppel.Outcome) (tenders []string, pending int, err error)
}

// OutcomeSummary is what an award notice import recorded.
type OutcomeSummary struct {
	Kind      string `json:"kind"` // KindOutcome
	NoticeID  string `json:"notice_id"`
	Procedure string `json:"procedure"`
	// Lots is the number of outcomes recorded: Awarded plus NotAwarded.
	Lots       int `json:"lots"`
	Awarded    int `json:"awarded"`
	NotAwarded int `json:"not_awarded"`
	// SocialEconomy counts the lots awarded to at least one enterprise of
	// Koppel's directory.
	SocialEconomy int `json:"social_economy"`
	// Tenders are the tenders the outcomes were attached to; Waiting the
	// outcomes kept for a tender of the procedure not yet in Koppel.
	Tenders []string `json:"tenders"`
	Waiting int      `json:"waiting"`
}

// awardNotice records the outcomes of an award notice: each winner whose
// company ID (BT-501) is the company number of an enterprise of the
// directory becomes that enterprise; the outcomes go to the lots of the
// tender of the notice's procedure, or wait for it.
func (im *Importer) awardNotice(ctx context.Context, n *eforms.Notice, req TenderRequest) (*TenderResult, error) {
	ost, ok := im.Store.(OutcomeStore)
	if !ok {
		return nil, koppel.Errorf(koppel.EINVALID, "deze aankondiging is een uitslag (%s); Koppel kan hier geen uitslagen bewaren", n.NoticeType).WithKey("error.imports_result_notice", "Type", n.NoticeType)
	}
	sum := &OutcomeSummary{Kind: KindOutcome, NoticeID: n.Outcomes[0].Source.NoticeID, Procedure: n.ProcedureID}
	for _, o := range n.Outcomes {
		im.resolveWinners(ctx, o)
		if o.RecordedBy == "" {
			o.RecordedBy = req.Owner
		}
		sum.Lots++
		if o.Result == koppel.OutcomeAwarded {
			sum.Awarded++
			for _, w := range o.Winners {
				if w.InDirectory() {
					sum.SocialEconomy++
					break
				}
			}
		} else {
			sum.NotAwarded++
		}
	}
	tenders, waiting, err := ost.PutProcedureOutcomes(ctx, n.ProcedureID, n.Outcomes)
	if err != nil {
		return nil, err
	}
	sum.Tenders, sum.Waiting = tenders, waiting
	if sum.Tenders == nil {
		sum.Tenders = []string{}
	}
	res := &TenderResult{Tenders: []TenderSummary{}, Outcomes: sum, Problems: n.Problems}
	if res.Problems == nil {
		res.Problems = []koppel.Problem{}
	}
	if waiting > 0 {
		res.Problems = append(res.Problems, i18n.Problem(koppel.Problem{File: req.File, Column: "BT-04-notice", Value: n.ProcedureID, Severity: koppel.SeverityWarning},
			"imports.notice_outcomes_waiting", "N", waiting, "Procedure", n.ProcedureID))
	}
	if len(tenders) > 0 {
		if err := im.syncTenders(ctx); err != nil {
			return nil, fmt.Errorf("update the search index: %w", err)
		}
	}
	return res, nil
}

// resolveWinners sets the KBO of each winner whose company ID is the
// company number of an enterprise of the directory.
func (im *Importer) resolveWinners(ctx context.Context, o *koppel.Outcome) {
	for i, w := range o.Winners {
		if w.KBO != "" || w.CompanyID == "" {
			continue
		}
		kbo, err := koppel.ParseKBO(w.CompanyID)
		if err != nil {
			continue
		}
		if e, err := im.Store.FindEnterpriseByKBO(ctx, kbo); err == nil {
			o.Winners[i].KBO = e.KBO
		}
	}
}
