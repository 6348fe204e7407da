package server

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/ingest"
)

// maxFormLots is how many lots the Nieuwe opdracht form offers; more lots
// come in through a spreadsheet or an eForms notice.
const maxFormLots = 3

// newTenderPage is the Nieuwe opdracht page.
type newTenderPage struct {
	Form   newTenderForm
	Kinds  []koppel.ClauseKindInfo
	Error  string
	Result *ingest.TenderResult // after an upload
}

type newTenderForm struct {
	Title, Buyer, Description, Deadline, Status string
	Lots                                        []lotForm
}

type lotForm struct {
	N                                                             int
	Title, Description, CPV, Postcode, Start, End, Volume, Clause string
	// CPVError says beside the field which typed words are no code, with
	// the codes they may mean.
	CPVError       string
	CPVSuggestions []cpvHit
}

func emptyTenderForm(buyer string) newTenderForm {
	f := newTenderForm{Buyer: buyer, Status: string(koppel.TenderDraft)}
	for i := 1; i <= maxFormLots; i++ {
		f.Lots = append(f.Lots, lotForm{N: i})
	}
	return f
}

func (s *Server) handleNewTenderPage(c *gin.Context) {
	s.render(c, http.StatusOK, "newtender", "Nieuwe opdracht", newTenderPage{Form: emptyTenderForm(caller(c).Token.Buyer), Kinds: koppel.ClauseKinds})
}

// handleNewTenderForm creates a tender from the form and goes to its page.
func (s *Server) handleNewTenderForm(c *gin.Context) {
	p := caller(c)
	f := newTenderForm{Title: c.PostForm("title"), Buyer: c.PostForm("buyer"), Description: c.PostForm("description"), Deadline: c.PostForm("deadline"), Status: c.PostForm("status")}
	t := koppel.Tender{Title: f.Title, Description: f.Description, Buyer: koppel.Buyer{Name: f.Buyer}, Status: koppel.TenderStatus(f.Status), Source: koppel.TenderSource{Kind: "form"}, ID: newTenderID()}
	if !p.isAdmin() {
		p.claim(&t, nil)
		f.Buyer = t.Buyer.Name
	}
	var problems []string
	if f.Deadline != "" {
		d, err := koppel.ParseDate(f.Deadline)
		if err != nil {
			problems = append(problems, "Uiterste indiendatum: "+koppel.ErrorMessage(err))
		}
		t.Deadline = d
	}
	for i := 1; i <= maxFormLots; i++ {
		n := strconv.Itoa(i)
		lf := lotForm{N: i, Title: c.PostForm("lot" + n + "_title"), Description: c.PostForm("lot" + n + "_description"), CPV: c.PostForm("lot" + n + "_cpv"),
			Postcode: c.PostForm("lot" + n + "_postcode"), Start: c.PostForm("lot" + n + "_start"), End: c.PostForm("lot" + n + "_end"),
			Volume: c.PostForm("lot" + n + "_volume"), Clause: c.PostForm("lot" + n + "_clause")}
		if strings.TrimSpace(lf.Title) == "" {
			f.Lots = append(f.Lots, lf)
			continue
		}
		l := koppel.Lot{ID: n, Title: lf.Title, Description: lf.Description, Postcode: lf.Postcode}
		var words []string
		l.CPV, words = splitCPVField(lf.CPV)
		if len(words) > 0 {
			lf.CPVError, lf.CPVSuggestions = s.cpvWordsError(words)
			problems = append(problems, "Perceel "+n+", CPV: "+lf.CPVError)
		}
		f.Lots = append(f.Lots, lf)
		for _, fv := range [][2]string{{"start", lf.Start}, {"einde", lf.End}} { // in the form's order
			field, v := fv[0], fv[1]
			if v == "" {
				continue
			}
			d, err := koppel.ParseDate(v)
			if err != nil {
				problems = append(problems, "Perceel "+n+", "+field+": "+koppel.ErrorMessage(err))
				continue
			}
			if field == "start" {
				l.Start = d
			} else {
				l.End = d
			}
		}
		if lf.Volume != "" {
			v, err := strconv.ParseFloat(strings.Replace(lf.Volume, ",", ".", 1), 64)
			if err != nil || v < 0 {
				problems = append(problems, "Perceel "+n+", volume: geef een aantal VTE, bv. 2,5")
			}
			l.VolumeFTE = v
		}
		if lf.Clause != "" {
			l.Clauses = []koppel.Clause{{Kind: koppel.ClauseKind(lf.Clause)}}
			if l.Clauses[0].Kind == koppel.ClauseExecutionCondition {
				l.Clauses[0].SocialObjectives = []string{"opp"}
			}
		}
		t.Lots = append(t.Lots, l)
	}
	// Validate also when the form had problems, so that the buyer sees a
	// wrong CPV code or postcode in the same round as a wrong date.
	if err := t.Validate(s.Reference); err != nil {
		problems = append(problems, koppel.ErrorMessage(err))
	}
	if len(problems) > 0 {
		s.render(c, http.StatusBadRequest, "newtender", "Nieuwe opdracht", newTenderPage{Form: f, Kinds: koppel.ClauseKinds, Error: strings.Join(problems, " · ")})
		return
	}
	if err := s.Tenders.PutTender(c.Request.Context(), &t); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.syncTenders(c); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID)
}

// handleNewTenderUpload imports an eForms notice or a tender spreadsheet
// from the page and shows what came in.
func (s *Server) handleNewTenderUpload(c *gin.Context) {
	p := caller(c)
	data := newTenderPage{Form: emptyTenderForm(p.Token.Buyer), Kinds: koppel.ClauseKinds}
	name, body, err := s.readUploadedFile(c)
	if err == nil {
		data.Result, err = s.Importer.Tenders(c.Request.Context(), s.Tenders, p.tenderRequest(name, body))
	}
	if err != nil {
		if koppel.ErrorCode(err) == koppel.EINTERNAL {
			s.writeError(c, err)
			return
		}
		data.Error = koppel.ErrorMessage(err)
		s.render(c, http.StatusBadRequest, "newtender", "Nieuwe opdracht", data)
		return
	}
	s.render(c, http.StatusOK, "newtender", "Nieuwe opdracht", data)
}

// splitCPVField splits what was typed in a CPV field into codes and the
// parts with letters, which are no code ("reiniging", "ramen wassen").
func splitCPVField(v string) (codes []koppel.CPV, words []string) {
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if strings.ContainsFunc(part, unicode.IsLetter) {
			words = append(words, part)
			continue
		}
		for _, code := range strings.Fields(part) {
			codes = append(codes, koppel.CPV(code))
		}
	}
	return codes, words
}

// cpvWordsError says that the words are no CPV code and offers the codes
// the picker finds for them, so that typed words lead somewhere.
func (s *Server) cpvWordsError(words []string) (string, []cpvHit) {
	var hits []cpvHit
	for _, w := range words {
		for _, e := range s.CPVs.CPVSearch(w, 5) {
			hits = append(hits, cpvHit{Code: e.Full(), Label: e.NL, FR: e.FR, EN: e.EN})
		}
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = strconv.Quote(w)
	}
	if len(hits) == 0 {
		return strings.Join(quoted, ", ") + " is geen CPV-code en Koppel vindt er geen code bij: typ een ander woord (bv. schoonmaak, groenonderhoud, maaltijden) en kies een code uit de lijst, of typ de cijfers (bv. 90911200-8).", nil
	}
	return strings.Join(quoted, ", ") + " is geen CPV-code. Kies een code uit de lijst of typ de cijfers; bedoelt u een van deze?", hits
}
