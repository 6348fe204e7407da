package eforms

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// preferred is the order of languages for display texts.
var preferred = []string{"NLD", "FRA", "ENG"}

// pick chooses the display text of a multilingual field (Dutch, French,
// English, else the first language) and keeps every language in
// Notice.Texts under key.
func (r *reader) pick(key, field string, ns []*node) string {
	texts := map[string]string{}
	var order []string
	for _, n := range ns {
		v := cleanText(n.value())
		if v == "" {
			continue
		}
		lang := strings.ToUpper(strings.TrimSpace(n.attr("languageID")))
		if _, dup := texts[lang]; dup {
			r.warnKey(field, v, "imports.notice_text_twice", "What", textField(key), "Lang", langName(lang))
			continue
		}
		texts[lang] = v
		order = append(order, lang)
	}
	if len(order) == 0 {
		return ""
	}
	if key != "" {
		r.n.Texts[key] = texts
	}
	for _, l := range preferred {
		if v, ok := texts[l]; ok {
			return v
		}
	}
	return texts[order[0]]
}

// langName names a text's language in a message: its code (NLD), or
// "(zonder taal)" in the reader's language when it has none.
func langName(l string) any {
	if l == "" {
		return i18n.Localized(func(lang i18n.Lang) string { return i18n.T(lang, "imports.notice_no_language") })
	}
	return l
}

// textField names the multilingual field key ("lot.title") in a message:
// "De titel", in the reader's language.
func textField(key string) i18n.Localized {
	_, f, ok := strings.Cut(key, ".")
	if !ok {
		f = key
	}
	switch f {
	case "title", "description", "buyer":
	default:
		f = "text"
	}
	return func(l i18n.Lang) string { return i18n.T(l, "imports.notice_field."+f) }
}

// cleanText trims every line and drops empty lines: notices indent their
// texts with the XML.
func cleanText(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return strings.TrimSpace(s)
	}
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(out, "\n")
}

// warnKey records a warning about field whose message is the catalogue's
// key with args, in Dutch, French and English (see i18n.Problem).
func (r *reader) warnKey(field, value, key string, args ...any) {
	r.n.Problems = append(r.n.Problems, i18n.Problem(koppel.Problem{
		File: r.opts.File, Column: field, Value: value, Severity: koppel.SeverityWarning,
	}, key, args...))
}

// build turns what read collected into the validated tender.
func (r *reader) build() (*Notice, error) {
	t := r.n.NoticeType
	if r.award {
		return r.buildAward()
	}
	if r.announce != nil && (r.noticeID == "" || len(r.lots) == 0) {
		return nil, r.announce // a planning notice, whatever else it lacks
	}
	if r.noticeID == "" {
		return nil, Refuse(koppel.EINVALID, "no-notice-id", t, "imports.notice_no_id")
	}
	if len(r.lots) == 0 {
		return nil, Refuse(koppel.EINVALID, "no-lots", t, "imports.notice_no_lots")
	}
	tender := &koppel.Tender{
		ID:     "eforms-" + r.noticeID,
		Status: koppel.TenderPublished,
		Source: koppel.TenderSource{Kind: "eforms", NoticeID: r.noticeID, Version: r.version, File: r.opts.File, Procedure: r.n.ProcedureID},
	}
	if r.n.ChangedNoticeID != "" {
		tender.Source.Notices = []string{r.n.ChangedNoticeID}
	}
	if r.n.Cancelled {
		tender.Status = koppel.TenderClosed
		r.warnKey("BT-140-notice", "cancel",
			"import.notice_cancelled")
	}
	tender.Title = r.pick("title", "BT-21-Procedure", r.project.all("Name"))
	tender.Description = r.pick("description", "BT-24-Procedure", r.project.all("Description"))
	tender.Buyer = r.buyer()

	if len(r.lots) > koppel.MaxLots {
		return nil, Refuse(koppel.ETOOLARGE, "too-large", t, "imports.notice_lots", "Count", len(r.lots), "Max", koppel.MaxLots)
	}
	single := len(r.lots) == 1
	var deadlines [3][]koppel.Date // tenders, participation, interest
	for _, ln := range r.lots {
		l, d := r.lot(ln, tender, single)
		tender.Lots = append(tender.Lots, l)
		r.n.Lots[l.ID] = d
		for i, dl := range []koppel.Date{d.Deadline, d.ParticipationDeadline, d.InterestDeadline} {
			if !dl.IsZero() {
				deadlines[i] = append(deadlines[i], dl)
			}
		}
	}
	if r.announce != nil {
		if !slices.ContainsFunc(tender.Lots, reservedLot) {
			return nil, r.announce
		}
		tender.Status = koppel.TenderAnnounced
		r.warnKey("BT-02-notice", t,
			"import.notice_prior_reserved")
	}
	if tender.Title == "" && single {
		tender.Title = tender.Lots[0].Title
	}
	if tender.Title == "" {
		return nil, Refuse(koppel.EINVALID, "no-title", t, "imports.notice_no_title")
	}
	for i := range tender.Lots {
		if tender.Lots[i].Title == "" {
			l := &tender.Lots[i]
			l.Title = tender.Title
			if !single {
				l.Title = tender.Title + " — perceel " + l.ID
				r.warnKey("BT-21-Lot", l.ID,
					"import.notice_lot_no_title", "Lot", l.ID)
			}
		}
	}
	r.markSocial(tender)
	for _, ds := range deadlines {
		if len(ds) > 0 {
			tender.Deadline = slices.MinFunc(ds, func(a, b koppel.Date) int { return a.Time().Compare(b.Time()) })
			break
		}
	}
	tender.Language = r.textLanguage(tender.Lots[0].ID)
	if err := tender.Validate(r.opts.Ref); err != nil {
		return nil, Refuse(koppel.EINVALID, "invalid", t, "imports.notice_invalid", "Err", err)
	}
	r.n.Tender = tender
	return r.n, nil
}

// buyer resolves the buyer organisations named in cac:ContractingParty.
func (r *reader) buyer() koppel.Buyer {
	b := koppel.Buyer{LegalType: r.legalType}
	if b.LegalType != "" {
		if _, ok := r.opts.Ref.Code(refdata.ListBuyerLegalType, b.LegalType); !ok {
			r.warnKey("BT-11-Procedure-Buyer", b.LegalType,
				"import.notice_buyer_type", "Type", b.LegalType)
		}
	}
	var names []string
	for i, ref := range r.buyerRefs {
		c := r.orgs[ref]
		if c == nil {
			r.warnKey("OPT-300-Procedure-Buyer", ref,
				"import.notice_buyer_unknown", "Ref", ref)
			continue
		}
		key := "buyer"
		if i > 0 {
			key = "buyer." + ref
		}
		name := r.pick(key, "BT-500-Organization-Company", c.all("PartyName", "Name"))
		if name == "" || slices.Contains(names, name) {
			continue
		}
		names = append(names, name)
		if id := cleanText(c.get("PartyLegalEntity", "CompanyID")); id != "" {
			r.n.BuyerIDs = append(r.n.BuyerIDs, id)
		}
		if len(names) > 1 {
			continue
		}
		addr := c.first("PostalAddress")
		b.City = cleanText(addr.get("CityName"))
		country := addr.get("Country", "IdentificationCode")
		if pc := addr.get("PostalZone"); pc != "" && (country == "" || country == "BEL") {
			if p, ok := r.opts.Ref.Postcode(pc); ok {
				b.Postcode = p.Postcode
			} else {
				r.warnKey("BT-512-Organization-Company", pc,
					"import.notice_buyer_postcode", "Postcode", pc)
			}
		}
	}
	b.Name = strings.Join(names, " / ")
	return b
}

// lot maps one cac:ProcurementProjectLot.
func (r *reader) lot(n *node, tender *koppel.Tender, single bool) (koppel.Lot, LotDetail) {
	var d LotDetail
	l := koppel.Lot{ID: n.get("ID")}
	pp := n.first("ProcurementProject")
	l.Title = r.pick(l.ID+".title", "BT-21-Lot", pp.all("Name"))
	l.Description = r.pick(l.ID+".description", "BT-24-Lot", pp.all("Description"))
	if l.Description == "" && single {
		l.Description = tender.Description
	}

	// CPV: main code first, then the additional ones; the procedure's when
	// the lot has none.
	codes := cpvCodes(pp)
	if len(codes) == 0 {
		codes = cpvCodes(r.project)
	}
	for _, c := range codes {
		cpv, err := koppel.ValidateCPV(r.opts.Ref, c)
		if err != nil {
			r.warnKey("BT-262-Lot", c, "imports.notice_cpv_dropped", "Lot", l.ID, "Err", err)
			continue
		}
		if !slices.Contains(l.CPV, cpv) {
			l.CPV = append(l.CPV, cpv)
		}
	}

	r.place(&l, &d, pp)
	if !r.value(&l, &d, pp) && single {
		r.value(&l, &d, r.project)
	}
	r.period(&l, &d, pp.first("PlannedPeriod"))

	tp := n.first("TenderingProcess")
	d.Deadline = r.date(l.ID, "BT-131(d)-Lot", tp.get("TenderSubmissionDeadlinePeriod", "EndDate"))
	d.DeadlineTime = tp.get("TenderSubmissionDeadlinePeriod", "EndTime")
	d.ParticipationDeadline = r.date(l.ID, "BT-1311(d)-Lot", tp.get("ParticipationRequestReceptionPeriod", "EndDate"))
	d.InterestDeadline = r.date(l.ID, "BT-630(d)-Lot", tp.get("UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension", "InterestExpressionReceptionPeriod", "EndDate"))

	l.Clauses = r.clauses(l.ID, n)
	return l, d
}

// cpvCodes returns the main and additional CPV codes of a
// cac:ProcurementProject, main first.
func cpvCodes(pp *node) []string {
	var out []string
	for _, path := range [][]string{
		{"MainCommodityClassification", "ItemClassificationCode"},
		{"AdditionalCommodityClassification", "ItemClassificationCode"},
	} {
		for _, c := range pp.all(path...) {
			if ln := c.attr("listName"); ln == "cpv" || ln == "" {
				if v := c.value(); v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// place sets the place of performance from the first address of the lot,
// preferring a Belgian one.
func (r *reader) place(l *koppel.Lot, d *LotDetail, pp *node) {
	var addr *node
	for _, a := range pp.all("RealizedLocation", "Address") {
		if a.get("Country", "IdentificationCode") == "BEL" {
			addr = a
			break
		}
		if addr == nil && (a.get("CountrySubentityCode") != "" || a.get("PostalZone") != "" || a.get("CityName") != "") {
			addr = a
		}
	}
	if addr == nil {
		return
	}
	d.Country = addr.get("Country", "IdentificationCode")
	belgian := d.Country == "" || d.Country == "BEL"
	l.City = cleanText(addr.get("CityName"))

	if nuts := strings.ToUpper(addr.get("CountrySubentityCode")); nuts != "" {
		switch {
		case !strings.HasPrefix(nuts, "BE"):
			l.NUTS = nuts
		case r.knownBelgianNUTS(nuts):
			l.NUTS = nuts
		default:
			r.warnKey("BT-5071-Lot", nuts,
				"import.notice_nuts", "Lot", l.ID, "NUTS", nuts)
		}
	}

	pc := addr.get("PostalZone")
	switch {
	case pc != "" && !belgian:
		r.warnKey("BT-5121-Lot", pc,
			"import.notice_abroad", "Lot", l.ID, "Country", d.Country)
	case pc != "":
		if p, ok := r.opts.Ref.Postcode(pc); ok {
			l.Postcode = p.Postcode
		} else {
			r.warnKey("BT-5121-Lot", pc,
				"import.notice_postcode", "Lot", l.ID, "Postcode", pc)
		}
	case l.City != "" && d.Country == "BEL":
		// A Belgian city without postcode: find it, so that distances work.
		if pr, ok := r.opts.Ref.(placeResolver); ok {
			if p, ok := pr.ResolvePlace(l.City); ok {
				l.Postcode = p.Postcode
			}
		}
	}
}

// knownBelgianNUTS reports whether code is a Belgian NUTS3 code of the
// eForms list, or a coarser level (BE, BE2, BE23) that prefixes one.
func (r *reader) knownBelgianNUTS(code string) bool {
	if _, ok := r.opts.Ref.Code(refdata.ListNUTS3, code); ok {
		return true
	}
	if len(code) >= 5 {
		return false
	}
	if l, ok := r.opts.Ref.(interface{ Codelist(string) []refdata.Code }); ok {
		for _, c := range l.Codelist(refdata.ListNUTS3) {
			if strings.HasPrefix(c.Code, code) {
				return true
			}
		}
	}
	return false
}

// value sets the estimated value (BT-27) and reports whether one was given.
func (r *reader) value(l *koppel.Lot, d *LotDetail, pp *node) bool {
	v := pp.first("RequestedTenderTotal", "EstimatedOverallContractAmount")
	s := v.value()
	if s == "" {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		r.warnKey("BT-27-Lot", s,
			"import.notice_value", "Lot", l.ID, "Value", s)
		return true
	}
	cur := strings.ToUpper(v.attr("currencyID"))
	if cur != "" && cur != "EUR" {
		d.Currency, d.Value = cur, f
		r.warnKey("BT-27-Lot", s+" "+cur,
			"import.notice_value_currency", "Lot", l.ID, "Currency", cur)
		return true
	}
	l.Value = f
	return true
}

// period sets start and end (BT-536, BT-537), computing the end from the
// duration (BT-36) when only the start is given.
func (r *reader) period(l *koppel.Lot, d *LotDetail, p *node) {
	if p == nil {
		return
	}
	l.Start = r.date(l.ID, "BT-536-Lot", p.get("StartDate"))
	l.End = r.date(l.ID, "BT-537-Lot", p.get("EndDate"))
	dm := p.first("DurationMeasure")
	if s := dm.value(); s != "" {
		unit := dm.attr("unitCode")
		d.Duration = s + " " + unit
		if n, err := strconv.Atoi(s); err == nil && n > 0 && !l.Start.IsZero() && l.End.IsZero() {
			t := l.Start.Time()
			switch unit {
			case "DAY":
				l.End = koppel.DateOf(t.AddDate(0, 0, n-1))
			case "WEEK":
				l.End = koppel.DateOf(t.AddDate(0, 0, 7*n-1))
			case "MONTH":
				l.End = koppel.DateOf(t.AddDate(0, n, -1))
			case "YEAR":
				l.End = koppel.DateOf(t.AddDate(n, 0, -1))
			}
		}
	}
	if !l.Start.IsZero() && !l.End.IsZero() && l.End.Before(l.Start) {
		r.warnKey("BT-537-Lot", l.End.String(), "imports.notice_end_before_start", "Lot", l.ID, "End", l.End.Dutch(), "Start", l.Start.Dutch())
		l.End = koppel.Date{}
	}
}

// date reads an eForms date ("2019-06-24Z", "2020-02-04+02:00"): the
// calendar day as written, its zone ignored.
func (r *reader) date(lot, field, s string) koppel.Date {
	if s == "" {
		return koppel.Date{}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return koppel.DateOf(t)
		}
	}
	r.warnKey(field, s,
		"import.notice_date", "Lot", lot, "Value", s)
	return koppel.Date{}
}

// reservedLot reports whether participation in l is reserved (BT-71
// res-ws or res-pub-ser).
func reservedLot(l koppel.Lot) bool {
	return slices.ContainsFunc(l.Clauses, func(c koppel.Clause) bool {
		return c.Kind == koppel.ClauseReservedWS || c.Kind == koppel.ClauseReservedPubSer
	})
}
