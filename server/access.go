package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
	"koppel/notify"
)

// APITokenLifetime is the lifetime of a token made on the welcome page
// after signing in with a link.
const APITokenLifetime = 365 * 24 * time.Hour

// accessRoutes are self-service onboarding: asking for access, signing in
// with the link from the e-mail, making an API token, and the admins'
// decisions on the requests that wait for them.
func (s *Server) accessRoutes() []route {
	return []route{
		{Method: "GET", Path: "/toegang", Summary: "Ask for access page (enterprise or buyer)", Page: true, Handler: s.handleAccessPage},
		{Method: "POST", Path: "/toegang", Summary: "Ask for access (form): a sign-in link by e-mail, or a request for an admin", Page: true, Body: bodyForm, Rate: rateWrite, Handler: s.handleAccessForm},
		{Method: "GET", Path: "/aanmelden/link", Summary: "Sign-in link page: confirm to sign in", Page: true, Handler: s.handleLinkPage},
		{Method: "POST", Path: "/aanmelden/link", Summary: "Sign in with a one-time link (form)", Page: true, Body: bodyForm, Rate: rateWrite, Handler: s.handleLinkSignIn},
		{Method: "GET", Path: "/aanmelden/welkom", Summary: "Welcome page after a link sign-in: offers an API token", Page: true, Roles: anyRole, Handler: s.handleWelcomePage},
		{Method: "POST", Path: "/aanmelden/api-token", Summary: "Make an API token for the signed-in account (form); shown once", Page: true, Roles: anyRole, Body: bodyForm, Rate: rateWrite, Handler: s.handleAPIToken},
		{Method: "GET", Path: "/beheer/toegang", Summary: "Access requests waiting for an admin", Page: true, Roles: adminOnly, Handler: s.handleAccessAdminPage},
		{Method: "POST", Path: "/beheer/toegang/:id", Summary: "Approve (a sign-in link is mailed) or refuse an access request (form, admin)", Page: true, Roles: adminOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleAccessDecision},
	}
}

func (s *Server) accessOn() error {
	if s.Access == nil || s.Alerts == nil {
		return koppel.Errorf(koppel.EUNAVAILABLE, "toegang vragen kan op deze Koppel niet; vraag een token aan de beheerder").WithKey("error.admin_access_off")
	}
	return nil
}

// accessPage is the Toegang vragen page.
type accessPage struct {
	Role, KBO, Buyer, Email string
	Errors                  formErrors // beside their fields, in the page's language
	Done                    bool
}

// accessFields are the fields of the access form, in its order: the
// element id, the catalogue key of its label and the koppel.FieldError
// name koppel.AccessRequest.Validate gives.
var accessFields = []fieldDef{
	{"rol", "access.i_am", "role"},
	{"kbo", "access.kbo", "enterprise"},
	{"organisatie", "access.organisation", "buyer"},
	{"email", "access.email", "email"},
}

func (s *Server) handleAccessPage(c *gin.Context) {
	if err := s.accessOn(); err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "access", tr(c, "access.title"), accessPage{Role: "onderneming"})
}

// handleAccessForm answers every well-formed request the same way, so
// that nobody learns whether a company number is known or which address
// it has: an enterprise whose stored address is the one given gets a
// sign-in link, anything else waits for an admin.
func (s *Server) handleAccessForm(c *gin.Context) {
	if err := s.accessOn(); err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	data := accessPage{Role: c.PostForm("rol"), KBO: strings.TrimSpace(c.PostForm("kbo")), Buyer: strings.TrimSpace(c.PostForm("organisatie")),
		Email: strings.TrimSpace(c.PostForm("email"))}
	req := &koppel.AccessRequest{ID: randomID(), Email: data.Email, State: koppel.AccessPending, CreatedAt: time.Now().UTC(), Language: string(lang(c))}
	switch data.Role {
	case "onderneming":
		req.Role, req.Enterprise = koppel.RoleSupplier, koppel.KBO(data.KBO)
	case "aankoper":
		req.Role, req.Buyer = koppel.RoleBuyer, data.Buyer
	}
	if err := req.Validate(); err != nil {
		data.Errors.addFields(lang(c), accessFields, koppel.FieldErrorListOf(err), "access.title")
		s.render(c, http.StatusBadRequest, "access", tr(c, "access.title"), data)
		return
	}
	linked := false
	if req.Role == koppel.RoleSupplier {
		e, err := s.Enterprises.FindEnterpriseByKBO(ctx, req.Enterprise)
		if err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
			s.writeError(c, err)
			return
		}
		if err == nil && e.Contact.Email != "" && strings.EqualFold(e.Contact.Email, req.Email) {
			if _, err := s.sendSignInLink(ctx, req); err != nil {
				s.writeError(c, err)
				return
			}
			linked = true
		}
	}
	if !linked {
		if err := s.Access.PutAccessRequest(ctx, req); err != nil {
			s.writeError(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "access", tr(c, "access.asked"), accessPage{Done: true})
}

// sendSignInLink makes a one-time sign-in link for req and queues the
// e-mail with it, in the language req was made in. A link made for the same account a few minutes before
// holds the next one back (the throttle): then it returns false, no error.
func (s *Server) sendSignInLink(ctx context.Context, req *koppel.AccessRequest) (bool, error) {
	secret := notify.NewSecret("kl_")
	l := &koppel.SignInLink{Hash: koppel.HashToken(secret), Role: req.Role, Enterprise: req.Enterprise, Buyer: req.Buyer,
		Email: req.Email, ExpiresAt: time.Now().Add(koppel.SignInLinkLifetime).UTC()}
	if err := s.Access.PutSignInLink(ctx, l); koppel.ErrorCode(err) == koppel.ECONFLICT {
		return false, nil
	} else if err != nil {
		return false, err
	}
	r := koppel.BuyerRecipient(req.Buyer)
	if req.Role == koppel.RoleSupplier {
		r = koppel.EnterpriseRecipient(req.Enterprise)
	}
	ml, ok := i18n.Parse(req.Language) // the language the request was made in
	if !ok {
		ml = i18n.NL
	}
	return true, s.Alerts.QueueMail(ctx, l.Hash, r, req.Email, ml, koppel.Alert{
		EventKey: "signin_link/" + l.Hash[:16], Title: i18n.T(ml, "admin.signin_mail_subject"),
		Lines: []string{i18n.T(ml, "admin.signin_mail_click"), i18n.N(ml, "admin.signin_mail_once", int(koppel.SignInLinkLifetime.Hours()))},
		Link:  s.Alerts.Link("/aanmelden/link?t=" + url.QueryEscape(secret)),
	})
}

// linkPage asks to confirm, so that a mail scanner that opens the link
// does not use it up.
type linkPage struct {
	Secret string
}

func (s *Server) handleLinkPage(c *gin.Context) {
	s.render(c, http.StatusOK, "signinlink", tr(c, "nav.sign_in"), linkPage{Secret: c.Query("t")})
}

func (s *Server) handleLinkSignIn(c *gin.Context) {
	if err := s.accessOn(); err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	l, err := s.Access.UseSignInLink(ctx, koppel.HashToken(c.PostForm("t")))
	if err != nil {
		s.writeError(c, err)
		return
	}
	// The session rests on a token of its own that lasts as long as the
	// session; its secret is not kept anywhere.
	t, _, err := s.newToken(ctx, l.Role, l.Enterprise, l.Buyer, l.Email, SessionLifetime)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.setSession(c, t); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanmelden/welkom")
}

// newToken stores a new token for the account and returns it with its
// secret.
func (s *Server) newToken(ctx context.Context, role koppel.Role, kbo koppel.KBO, buyer, email string, life time.Duration) (*koppel.Token, string, error) {
	secret, id, err := koppel.NewTokenSecret()
	if err != nil {
		return nil, "", err
	}
	now := time.Now().UTC()
	t := &koppel.Token{ID: id, Hash: koppel.HashToken(secret), Role: role, Enterprise: kbo, Buyer: buyer, CreatedAt: now, ExpiresAt: now.Add(life)}
	if role == koppel.RoleBuyer {
		t.Email = email
	}
	if err := s.Tokens.PutToken(ctx, t); err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// welcomePage offers an API token after signing in.
type welcomePage struct {
	Who     string
	Secret  string // the API token just made: shown once
	Expires time.Time
}

func (s *Server) handleWelcomePage(c *gin.Context) {
	s.render(c, http.StatusOK, "welcome", tr(c, "welcome.title"), welcomePage{Who: describeTokenIn(lang(c), caller(c).Token)})
}

func (s *Server) handleAPIToken(c *gin.Context) {
	p := caller(c).Token
	t, secret, err := s.newToken(c.Request.Context(), p.Role, p.Enterprise, p.Buyer, p.Email, APITokenLifetime)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "welcome", tr(c, "welcome.title"), welcomePage{Who: describeTokenIn(lang(c), p), Secret: secret, Expires: t.ExpiresAt})
}

// accessAdminPage lists the requests that wait for an admin.
type accessAdminPage struct {
	Requests []*koppel.AccessRequest
	Notice   string
}

func (s *Server) handleAccessAdminPage(c *gin.Context) {
	s.renderAccessAdmin(c, "")
}

func (s *Server) renderAccessAdmin(c *gin.Context, notice string) {
	if err := s.accessOn(); err != nil {
		s.writeError(c, err)
		return
	}
	list, err := s.Access.PendingAccessRequests(c.Request.Context(), 200)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "accessadmin", tr(c, "nav.access_requests"), accessAdminPage{Requests: list, Notice: notice})
}

func (s *Server) handleAccessDecision(c *gin.Context) {
	if err := s.accessOn(); err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	req, err := s.Access.FindAccessRequest(ctx, c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if req.State != koppel.AccessPending {
		s.writeError(c, koppel.Errorf(koppel.ECONFLICT, "over deze aanvraag is al beslist").WithKey("error.admin_access_decided"))
		return
	}
	notice := tr(c, "accessadmin.refused")
	switch c.PostForm("besluit") {
	case "goedkeuren":
		sent, err := s.sendSignInLink(ctx, req)
		if err != nil {
			s.writeError(c, err)
			return
		}
		if !sent {
			s.renderAccessAdmin(c, tr(c, "accessadmin.link_just_sent"))
			return
		}
		req.State, notice = koppel.AccessApproved, tr(c, "accessadmin.approved", "Email", req.Email)
	case "weigeren":
		req.State = koppel.AccessRejected
	default:
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "kies goedkeuren of weigeren").WithKey("error.admin_access_decision"))
		return
	}
	req.DecidedAt = time.Now().UTC()
	if err := s.Access.PutAccessRequest(ctx, req); err != nil {
		s.writeError(c, err)
		return
	}
	s.renderAccessAdmin(c, notice)
}
