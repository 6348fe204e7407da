package server

import (
	"math"
	"net/url"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/export"
	"koppel/i18n"
)

// outcomeExportCols are the columns of the outcome report as a file: one
// row per year, the figures of the page's tables and chart.
var outcomeExportCols = []export.Column{
	{Name: "Jaar", Kind: export.Integer, Width: 7},
	{Name: "Percelen", Kind: export.Integer},
	{Name: "Voorbehouden", Kind: export.Integer},
	{Name: "Voorbehouden met offertes", Kind: export.Integer},
	{Name: "Voorbehouden gegund aan de sociale economie", Kind: export.Integer, Width: 22},
	{Name: "Met sociale clausule", Kind: export.Integer},
	{Name: "Uitslag geregistreerd", Kind: export.Integer},
	{Name: "Gegund", Kind: export.Integer},
	{Name: "Niet gegund", Kind: export.Integer},
	{Name: "Gegund aan de sociale economie", Kind: export.Integer, Width: 18},
	{Name: "Aandeel sociale economie (%)", Kind: export.Number, Width: 16},
	{Name: "Waarde gegund (EUR)", Kind: export.Number, Width: 16},
	{Name: "Waarde sociale economie (EUR)", Kind: export.Number, Width: 16},
	{Name: "Aanvragen verstuurd", Kind: export.Integer},
	{Name: "Aanvragen met gekozen antwoord", Kind: export.Integer, Width: 18},
}

// exportOutcomeReport answers the outcome report as an xlsx or CSV file,
// newest year first as in the JSON.
func (s *Server) exportOutcomeReport(c *gin.Context, format export.Format, rep *koppel.OutcomeReport) {
	who := rep.Buyer
	if who == "" {
		who = tr(c, "imports.export_all_buyers")
	}
	f := exportFile{Name: tr(c, "imports.export_file.outcomes"), Cols: outcomeExportCols,
		About: export.About{Title: tr(c, "imports.export_t_outcomes"), Query: who, Sheet: tr(c, "imports.export_s_outcomes")}}
	if rep.NeedsLeftOut > 0 {
		l := lang(c)
		f.About.Notes = append(f.About.Notes, tr(c, "imports.export_n_needs", "Max", i18n.Number(l, koppel.MaxReportNeeds, 0), "Left", i18n.Number(l, float64(rep.NeedsLeftOut), 0)))
	}
	s.writeExport(c, format, f, func(w *export.Writer) error {
		for _, y := range rep.Years {
			share := math.Round(y.Share*1000) / 10
			if err := w.Row(y.Year, y.Lots, y.Reserved, y.ReservedAnswered, y.ReservedSocialEconomy, y.SocialClause, y.Outcomes, y.Awarded, y.NotAwarded,
				y.SocialEconomy, share, y.Value, y.SocialEconomyValue, y.Needs.Needs, y.Needs.Chosen); err != nil {
				return err
			}
		}
		return nil
	})
}

// outcomeDownloads are the page's links to the report as a file; an
// admin's name the buyer the page shows (a buyer's report is always its
// own).
func outcomeDownloads(l i18n.Lang, admin bool, buyer string) downloadLinks {
	q := url.Values{}
	if admin && buyer != "" {
		q.Set("buyer", buyer)
	}
	return downloads("/api/v1/outcomes/report", q, i18n.T(l, "download.outcomes"))
}
