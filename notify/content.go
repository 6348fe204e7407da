package notify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"koppel"
	"koppel/i18n"
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

// targets returns the recipients of event e, each with its alert in the
// recipient's language. An event about something that is gone has none.
func (s *Service) targets(ctx context.Context, e koppel.Event) ([]target, error) {
	base := koppel.Alert{EventKey: e.Key, Kind: e.Kind, Subject: e.Subject, At: e.At}
	var out []target
	switch e.Kind {
	case koppel.EventTenderPublished:
		return s.tenderTargets(ctx, e, base)
	case koppel.EventNeedSent:
		n, err := s.Store.FindNeedByID(ctx, e.Subject)
		if err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return nil, err
		}
		for _, k := range e.Enterprises {
			t, err := s.newTarget(ctx, koppel.EnterpriseRecipient(k))
			if err != nil {
				return nil, err
			}
			l, a := t.lang, base
			a.Title = i18n.T(l, "mail.need_default_title")
			a.Lines = []string{i18n.T(l, "mail.need_default_line")}
			if n != nil {
				a.Title, a.Lines = needLines(l, n)
			}
			a.Link = s.link("/aanvragen/" + url.PathEscape(e.Subject))
			t.alert = a
			out = append(out, t)
		}
	case koppel.EventInternshipPublished:
		in, err := s.Store.FindInternshipByID(ctx, e.Subject)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			return nil, nil // withdrawn before it was announced
		} else if err != nil {
			return nil, err
		}
		for _, k := range e.Enterprises {
			t, err := s.newTarget(ctx, koppel.EnterpriseRecipient(k))
			if err != nil {
				return nil, err
			}
			a := base
			a.Title, a.Lines = internshipLines(t.lang, in)
			a.Link = s.link("/stages/" + url.PathEscape(e.Subject))
			t.alert = a
			out = append(out, t)
		}
	case koppel.EventCatalogueChanged:
		return nil, s.raiseFits(ctx, e)
	case koppel.EventNeedAnswered, koppel.EventEnterpriseFits:
		if e.Buyer == "" {
			return nil, nil
		}
		t, err := s.newTarget(ctx, koppel.BuyerRecipient(e.Buyer))
		if err != nil {
			return nil, err
		}
		l := t.lang
		name := i18n.T(l, "mail.an_enterprise")
		if len(e.Enterprises) > 0 {
			name = i18n.T(l, "mail.enterprise_kbo", "KBO", e.Enterprises[0].String())
			if ent, err := s.Store.FindEnterpriseByKBO(ctx, e.Enterprises[0]); err == nil {
				name = ent.Name
			}
		}
		a := base
		if e.Kind == koppel.EventNeedAnswered {
			a.Title = i18n.T(l, "mail.need_answered", "Name", name)
			a.Link = s.link("/aanvragen/" + url.PathEscape(e.Subject))
		} else {
			a.Title = i18n.T(l, "mail.fits_title", "Name", name)
			a.Lines = []string{i18n.T(l, "mail.fits_line")}
			a.Link = s.link("/opdrachten/" + url.PathEscape(e.Subject))
		}
		t.alert = a
		out = append(out, t)
	}
	return out[:min(len(out), maxRecipients)], nil
}

// categoryLabel names a category in l (the Dutch label when the catalogue
// has no translation).
func categoryLabel(l i18n.Lang, c koppel.Category) string {
	return i18n.TermText(l, c.Term())
}

// needLines says who asks what, where and by when, so that the alert
// reads as the buyer's own request and not as an anonymous message.
func needLines(l i18n.Lang, n *koppel.Need) (string, []string) {
	title := i18n.T(l, "mail.need_title", "Owner", n.Owner, "Title", n.Title)
	lines := []string{i18n.T(l, "mail.need_line", "Owner", n.Owner, "Title", n.Title)}
	if n.Category != "" {
		lines = append(lines, i18n.T(l, "mail.need_category", "Category", categoryLabel(l, n.Category)))
	}
	if where := strings.TrimSpace(n.Postcode + " " + n.City); where != "" {
		lines = append(lines, i18n.T(l, "mail.where", "Where", where))
	}
	if !n.AnswerBy.IsZero() {
		lines = append(lines, i18n.T(l, "mail.answer_by", "Date", n.AnswerBy.Dutch()))
	}
	return title, lines
}

// internshipLines says who offers which places, where and when; the kind
// of work in l (Nettoyage, Cleaning).
func internshipLines(l i18n.Lang, in *koppel.Internship) (string, []string) {
	title := i18n.T(l, "mail.internship_title", "Host", in.Host, "Title", in.Title)
	work := i18n.Label(l, "internshipwork."+string(in.Work), in.Work.Label())
	lines := []string{i18n.N(l, "mail.internship_line", in.Places, "Host", in.Host, "Work", work)}
	if where := strings.TrimSpace(in.Address.Postcode + " " + in.Address.City); where != "" {
		lines = append(lines, i18n.T(l, "mail.where", "Where", where))
	}
	if !in.Start.IsZero() {
		lines = append(lines, i18n.T(l, "mail.from_date", "Date", in.Start.Dutch()))
	}
	return title, lines
}

// tenderTargets are the enterprises that fit a lot of the published tender
// and may bid on it, each told which lots fit, in its language.
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
				tg, err := s.newTarget(ctx, koppel.EnterpriseRecipient(a.KBO))
				if err != nil {
					return nil, err
				}
				l := tg.lang
				al := base
				al.Title = i18n.T(l, "mail.tender_title", "Title", t.Title)
				al.Lines = []string{i18n.T(l, "mail.tender_buyer", "Buyer", t.Buyer.Name)}
				if !t.Deadline.IsZero() {
					al.Lines = append(al.Lines, i18n.T(l, "mail.tender_deadline", "Date", t.Deadline.Dutch()))
				}
				al.Link = s.link("/opdrachten/" + url.PathEscape(t.ID))
				j = len(out)
				byKBO[a.KBO] = j
				tg.alert = al
				out = append(out, tg)
			}
			l := out[j].lang
			line := i18n.T(l, "mail.lot_fits", "Lot", lot.ID, "Title", lot.Title)
			if a.Verdict == koppel.ToVerify {
				line += " " + i18n.T(l, "mail.lot_to_verify")
			} else if a.Verdict == koppel.Eligible {
				line += " " + i18n.T(l, "mail.lot_eligible")
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
