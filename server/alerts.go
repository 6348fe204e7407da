package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
	"koppel/notify"
)

var buyerSupplier = []koppel.Role{koppel.RoleBuyer, koppel.RoleSupplier}

// alertRoutes are the alert settings (Meldingen), the unsubscribe link of
// the e-mails, the Atom feeds and the admins' list of sent alerts.
func (s *Server) alertRoutes() []route {
	return []route{
		{Method: "GET", Path: "/meldingen", Summary: "Alert settings page (supplier or buyer)", Page: true, Roles: buyerSupplier, Handler: s.handleAlertsPage},
		{Method: "POST", Path: "/meldingen", Summary: "Save alert settings, make or revoke the feed link, renew the webhook secret (form)", Page: true, Roles: buyerSupplier, Body: bodyForm, Rate: rateWrite, Handler: s.handleAlertsForm},
		{Method: "GET", Path: "/meldingen/afmelden", Summary: "Unsubscribe page of the link in alert e-mails (no sign-in)", Page: true, Handler: s.handleUnsubscribePage},
		{Method: "POST", Path: "/meldingen/afmelden", Summary: "Turn alert e-mails off from the signed link (form, no sign-in)", Page: true, Body: bodyForm, Rate: rateWrite, Handler: s.handleUnsubscribe},
		{Method: "GET", Path: "/feeds/:file", Summary: "Atom feed of a recipient's alerts, at its secret URL", Page: true, Rate: rateSearch, ContentType: "application/atom+xml", Handler: s.handleFeed},
		{Method: "GET", Path: "/beheer/meldingen", Summary: "Sent alerts page: the newest deliveries and their state (admin)", Page: true, Roles: adminOnly, Handler: s.handleAlertsAdminPage},
		{Method: "GET", Path: "/beheer/meldingen/:id", Summary: "The .eml file of an alert e-mail written to the mail folder (admin)", Page: true, Roles: adminOnly, ContentType: "message/rfc822", Handler: s.handleAlertMail},
		{Method: "POST", Path: "/beheer/tokens/:id/email", Summary: "Set the e-mail address of a token, where a buyer's alerts go (form, admin)", Page: true, Roles: adminOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleTokenEmailForm},
	}
}

// alertsOn returns the alert service, or EUNAVAILABLE when this server
// runs without one.
func (s *Server) alertsOn() (*notify.Service, error) {
	if s.Alerts == nil {
		return nil, koppel.Errorf(koppel.EUNAVAILABLE, "meldingen zijn op deze Koppel niet ingeschakeld").WithKey("error.admin_alerts_off")
	}
	return s.Alerts, nil
}

// recipientOf is who the signed-in supplier or buyer is for alerts.
func recipientOf(c *gin.Context) koppel.Recipient {
	t := caller(c).Token
	if t.Role == koppel.RoleSupplier {
		return koppel.EnterpriseRecipient(t.Enterprise)
	}
	return koppel.BuyerRecipient(t.Buyer)
}

// alertsPage is the Meldingen page.
type alertsPage struct {
	Prefs      *koppel.AlertPrefs
	Categories []categoryChoice
	Email      string // where the e-mails go; empty: nowhere yet
	Supplier   bool
	FeedURL    string // just made: shown this once
	Notice     string
	Error      string
}

type categoryChoice struct {
	Category koppel.Category
	Label    string
	Muted    bool
}

func (s *Server) renderAlerts(c *gin.Context, status int, data alertsPage) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	r := recipientOf(c)
	if data.Prefs == nil {
		if data.Prefs, err = a.Prefs(ctx, r); err != nil {
			s.writeError(c, err)
			return
		}
	}
	for _, ci := range koppel.Categories {
		data.Categories = append(data.Categories, categoryChoice{ci.Category, ci.Label, slices.Contains(data.Prefs.Muted, ci.Category)})
	}
	t := caller(c).Token
	data.Supplier = t.Role == koppel.RoleSupplier
	if data.Supplier {
		if e, err := s.Enterprises.FindEnterpriseByKBO(ctx, t.Enterprise); err == nil {
			data.Email = e.Contact.Email
		}
	} else {
		data.Email = t.Email
	}
	s.render(c, status, "alerts", tr(c, "nav.alerts"), data)
}

func (s *Server) handleAlertsPage(c *gin.Context) {
	s.renderAlerts(c, http.StatusOK, alertsPage{})
}

func (s *Server) handleAlertsForm(c *gin.Context) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	r := recipientOf(c)
	switch c.PostForm("actie") {
	case "feed":
		u, err := a.RotateFeed(ctx, r)
		if err != nil {
			s.writeError(c, err)
			return
		}
		s.renderAlerts(c, http.StatusOK, alertsPage{FeedURL: u, Notice: tr(c, "alerts.feed_made")})
		return
	case "feed-intrekken":
		if err := a.RevokeFeed(ctx, r); err != nil {
			s.writeError(c, err)
			return
		}
		s.renderAlerts(c, http.StatusOK, alertsPage{Notice: tr(c, "alerts.feed_revoked")})
		return
	}
	p, err := a.Prefs(ctx, r)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if c.PostForm("actie") == "geheim" {
		p.WebhookSecret = notify.NewSecret("kw_")
	} else {
		p.Mode = koppel.AlertMode(c.PostForm("modus"))
		p.Muted = nil
		for _, v := range c.PostFormArray("gedempt") {
			p.Muted = append(p.Muted, koppel.Category(v))
		}
		// Alerts come in the language chosen on the form (taal), else in
		// the language the user had when saving the settings.
		p.Language = string(lang(c))
		if l, ok := i18n.Parse(c.PostForm("taal")); ok {
			p.Language = string(l)
		}
		p.WebhookURL = strings.TrimSpace(c.PostForm("webhook"))
		if p.WebhookURL != "" && p.WebhookSecret == "" {
			p.WebhookSecret = notify.NewSecret("kw_")
		}
	}
	if err := a.PutPrefs(ctx, p); err != nil {
		if koppel.ErrorCode(err) == koppel.EINVALID {
			s.renderAlerts(c, http.StatusBadRequest, alertsPage{Prefs: p, Error: s.userMessage(c, err)})
			return
		}
		s.writeError(c, err)
		return
	}
	s.renderAlerts(c, http.StatusOK, alertsPage{Notice: tr(c, "alerts.saved")})
}

// unsubscribePage asks to confirm, so that a mail scanner that opens the
// link turns nothing off.
type unsubscribePage struct {
	Recipient string
	Sig       string
	Valid     bool
	Done      bool
}

func (s *Server) handleUnsubscribePage(c *gin.Context) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	r, sig := c.Query("o"), c.Query("s")
	s.render(c, http.StatusOK, "unsubscribe", tr(c, "unsubscribe.title"), unsubscribePage{Recipient: r, Sig: sig, Valid: a.UnsubscribeValid(koppel.Recipient(r), sig)})
}

func (s *Server) handleUnsubscribe(c *gin.Context) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	r := koppel.Recipient(c.PostForm("o"))
	if err := a.Unsubscribe(c.Request.Context(), r, c.PostForm("s")); err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "unsubscribe", tr(c, "unsubscribe.done_title"), unsubscribePage{Done: true})
}

func (s *Server) handleFeed(c *gin.Context) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	secret, ok := strings.CutSuffix(c.Param("file"), ".atom")
	if !ok {
		s.writeError(c, koppel.Errorf(koppel.ENOTFOUND, "deze feed bestaat niet (meer)").WithKey("error.admin_feed_gone"))
		return
	}
	var buf bytes.Buffer
	if err := a.WriteFeed(c.Request.Context(), &buf, secret); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=300")
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// alertsAdminPage is the Verzonden meldingen page.
type alertsAdminPage struct {
	Deliveries []deliveryView
	Dir        string // the mail folder, when there is no SMTP server
	Folder     bool
	Counts     map[string]int // by state
}

// deliveryView is a delivery with its last error in the page's language
// when Koppel wrote it in three languages.
type deliveryView struct {
	*koppel.Delivery
	LastErr fieldMessage
}

// adminDeliveries is how many deliveries the admin page lists.
const adminDeliveries = 200

func (s *Server) handleAlertsAdminPage(c *gin.Context) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	ds, err := a.Deliveries(c.Request.Context(), adminDeliveries)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := alertsAdminPage{Counts: map[string]int{}}
	data.Dir, data.Folder = a.Outbox()
	for _, d := range ds {
		data.Counts[string(d.State)]++
		data.Deliveries = append(data.Deliveries, deliveryView{Delivery: d, LastErr: storedText(d.LastErrorIn(string(lang(c))))})
	}
	s.render(c, http.StatusOK, "alertsadmin", tr(c, "nav.sent_alerts"), data)
}

func (s *Server) handleAlertMail(c *gin.Context) {
	a, err := s.alertsOn()
	if err != nil {
		s.writeError(c, err)
		return
	}
	b, err := a.MailFile(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	// As text: a browser shows it instead of handing it to a mail program.
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", b)
}

func (s *Server) handleTokenEmailForm(c *gin.Context) {
	setter, ok := s.Tokens.(koppel.TokenEmailService)
	if !ok {
		s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "e-mailadressen van tokens kunnen hier niet bewaard worden").WithKey("error.admin_token_email_off"))
		return
	}
	t, err := setter.SetTokenEmail(c.Request.Context(), c.Param("id"), c.PostForm("email"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/beheer/tokens?email="+url.QueryEscape(t.ID))
}

// notifyCatalogue raises the event of a catalogue that changed, from which
// the alert worker tells the buyers whose open tenders the enterprise now
// fits.
func (s *Server) notifyCatalogue(ctx context.Context, rep *koppel.ImportReport) {
	if rep == nil || rep.DryRun || rep.Status == "rejected" || rep.Created+rep.Updated == 0 {
		return
	}
	s.notify(ctx, koppel.Event{Key: string(koppel.EventCatalogueChanged) + "/" + rep.ID, Kind: koppel.EventCatalogueChanged,
		Subject: rep.ID, Enterprises: []koppel.KBO{rep.Enterprise}})
}
