package notify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"koppel"
	"koppel/match"
)

// link returns the public URL of path.
func (s *Service) link(path string) string {
	base := ""
	if s.BaseURL != nil {
		base = s.BaseURL()
	}
	return strings.TrimRight(base, "/") + path
}

// targets returns the recipients of event e, each with its alert. An event
// about something that is gone has none.
func (s *Service) targets(ctx context.Context, e koppel.Event) ([]target, error) {
	base := koppel.Alert{EventKey: e.Key, Kind: e.Kind, Subject: e.Subject, At: e.At}
	var out []target
	switch e.Kind {
	case koppel.EventTenderPublished:
		return s.tenderTargets(ctx, e, base)
	case koppel.EventNeedSent:
		a := base
		a.Title = "Nieuwe aanvraag van een aankoper"
		a.Lines = []string{"Een aankoper zoekt een onderneming zoals de uwe en vraagt of u interesse hebt."}
		if n, err := s.Store.FindNeedByID(ctx, e.Subject); err == nil {
			a.Title, a.Lines = needLines(n)
		} else if koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return nil, err
		}
		a.Link = s.link("/aanvragen/" + url.PathEscape(e.Subject))
		for _, k := range e.Enterprises {
			out = append(out, target{r: koppel.EnterpriseRecipient(k), alert: a})
		}
	case koppel.EventInternshipPublished:
		a := base
		a.Title = "Nieuwe stageplaatsen in uw buurt"
		a.Lines = []string{"Een school of gemeente biedt stageplaatsen aan voor doorstromers."}
		if in, err := s.Store.FindInternshipByID(ctx, e.Subject); err == nil {
			a.Title, a.Lines = internshipLines(in)
		} else if koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return nil, err
		} else {
			return nil, nil // withdrawn before it was announced
		}
		a.Link = s.link("/stages/" + url.PathEscape(e.Subject))
		for _, k := range e.Enterprises {
			out = append(out, target{r: koppel.EnterpriseRecipient(k), alert: a})
		}
	case koppel.EventCatalogueChanged:
		return nil, s.raiseFits(ctx, e)
	case koppel.EventNeedAnswered, koppel.EventEnterpriseFits:
		if e.Buyer == "" {
			return nil, nil
		}
		name := "Een onderneming"
		if len(e.Enterprises) > 0 {
			name = "Onderneming " + e.Enterprises[0].String()
			if ent, err := s.Store.FindEnterpriseByKBO(ctx, e.Enterprises[0]); err == nil {
				name = ent.Name
			}
		}
		a := base
		if e.Kind == koppel.EventNeedAnswered {
			a.Title = name + " antwoordde op uw aanvraag"
			a.Link = s.link("/aanvragen/" + url.PathEscape(e.Subject))
		} else {
			a.Title = name + " past bij uw opdracht"
			a.Lines = []string{"Een onderneming die nieuw is in Koppel, of haar aanbod veranderde, past bij een open opdracht of aanvraag van u."}
			a.Link = s.link("/opdrachten/" + url.PathEscape(e.Subject))
		}
		out = append(out, target{r: koppel.BuyerRecipient(e.Buyer), alert: a})
	}
	return out[:min(len(out), maxRecipients)], nil
}

// needLines says who asks what, where and by when, so that the alert
// reads as the buyer's own request and not as an anonymous message.
func needLines(n *koppel.Need) (string, []string) {
	title := "Aanvraag van " + n.Owner + ": " + n.Title
	lines := []string{n.Owner + " vraagt of u interesse hebt in: " + n.Title + "."}
	if n.Category != "" {
		lines = append(lines, "Soort dienst: "+n.Category.Label()+".")
	}
	if where := strings.TrimSpace(n.Postcode + " " + n.City); where != "" {
		lines = append(lines, "Waar: "+where+".")
	}
	if !n.AnswerBy.IsZero() {
		lines = append(lines, "Antwoord gewenst tegen "+n.AnswerBy.Dutch()+".")
	}
	return title, lines
}

// internshipLines says who offers which places, where and when.
func internshipLines(in *koppel.Internship) (string, []string) {
	title := "Stageplaatsen bij " + in.Host + ": " + in.Title
	lines := []string{fmt.Sprintf("%s biedt %s aan (%s) voor werknemers in hun doorstroomtraject.", in.Host, koppel.Count(in.Places, "stageplaats", "stageplaatsen"), in.Work.Label())}
	if where := strings.TrimSpace(in.Address.Postcode + " " + in.Address.City); where != "" {
		lines = append(lines, "Waar: "+where+".")
	}
	if !in.Start.IsZero() {
		lines = append(lines, "Vanaf "+in.Start.Dutch()+".")
	}
	return title, lines
}

// tenderTargets are the enterprises that fit a lot of the published tender
// and may bid on it, each told which lots fit.
func (s *Service) tenderTargets(ctx context.Context, e koppel.Event, base koppel.Alert) ([]target, error) {
	t, err := s.Store.FindTenderByID(ctx, e.Subject)
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if t.Status != koppel.TenderPublished || s.Matcher == nil {
		return nil, nil
	}
	byKBO := map[koppel.KBO]int{}
	var out []target
	for i := range t.Lots {
		lot := &t.Lots[i]
		aud, err := s.Matcher.LotAudience(ctx, t, lot)
		if err != nil {
			return nil, fmt.Errorf("audience of tender %s lot %s: %w", t.ID, lot.ID, err)
		}
		for _, a := range aud {
			j, ok := byKBO[a.KBO]
			if !ok {
				if len(out) >= maxRecipients {
					continue
				}
				al := base
				al.Title = "Nieuwe opdracht: " + t.Title
				al.Lines = []string{"Aankoper: " + t.Buyer.Name}
				if !t.Deadline.IsZero() {
					al.Lines = append(al.Lines, "Indienen tot: "+t.Deadline.Dutch())
				}
				al.Link = s.link("/opdrachten/" + url.PathEscape(t.ID))
				j = len(out)
				byKBO[a.KBO] = j
				out = append(out, target{r: koppel.EnterpriseRecipient(a.KBO), alert: al})
			}
			line := "Perceel " + lot.ID + ": " + lot.Title + " past bij uw aanbod"
			if a.Verdict == koppel.ToVerify {
				line += " (voorbehouden opdracht: uw erkenning wordt nog nagekeken)"
			} else if a.Verdict == koppel.Eligible {
				line += " (voorbehouden opdracht: u mag indienen)"
			}
			out[j].alert.Lines = append(out[j].alert.Lines, line)
			out[j].cats = append(out[j].cats, a.Categories...)
		}
	}
	return out, nil
}

// Link returns the public URL of path (for the links in messages).
func (s *Service) Link(path string) string { return s.link(path) }

// raiseFits raises an EventEnterpriseFits for the buyer of every open
// tender (up to match.MaxSize) that the enterprise whose catalogue changed
// now fits. Their keys name the tender and the enterprise, so a buyer is
// told once that an enterprise fits a tender, however often its catalogue
// changes, and raising them again after a crash adds nothing.
func (s *Service) raiseFits(ctx context.Context, e koppel.Event) error {
	if len(e.Enterprises) == 0 || s.Matcher == nil {
		return nil
	}
	kbo := e.Enterprises[0]
	fits, err := s.Matcher.TendersForEnterprise(ctx, kbo, match.Options{Size: match.MaxSize})
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	for _, f := range fits.Tenders {
		t, err := s.Store.FindTenderByID(ctx, f.Tender.ID)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if t.Owner == "" {
			continue // an imported tender without a buyer account: nobody to tell
		}
		err = s.Notify(ctx, koppel.Event{Key: string(koppel.EventEnterpriseFits) + "/" + t.ID + "/" + string(kbo), Kind: koppel.EventEnterpriseFits,
			Subject: t.ID, Enterprises: []koppel.KBO{kbo}, Buyer: t.Owner, At: e.At})
		if err != nil {
			return err
		}
	}
	return nil
}
