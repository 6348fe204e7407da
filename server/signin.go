package server

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) authRoutes() []route {
	return []route{
		{Method: "GET", Path: "/aanmelden", Summary: "Sign-in page", Page: true, Handler: s.handleSignInPage},
		{Method: "POST", Path: "/aanmelden", Summary: "Sign in with a token (form)", Page: true, Body: bodyForm, Rate: rateWrite, Handler: s.handleSignIn},
		{Method: "POST", Path: "/afmelden", Summary: "Sign out (form)", Page: true, Body: bodyForm, Handler: s.handleSignOut},
		{Method: "GET", Path: "/api/v1/me", Summary: "Who the caller is", Tag: "auth", Roles: anyRole, Response: Me{}, Handler: s.handleMe},
	}
}

type signInData struct {
	Error string
	Hours int
	Back  string
}

// backPath is where to go after signing in: a path on this site only,
// never another site. Browsers drop tabs and line breaks from URLs and
// read a backslash as a slash ("/\t/evil.example" and "/\\evil.example"
// become "//evil.example", another host), so any control character, space
// or backslash refuses the path, as do "//" and anything with a scheme or
// host; "/" then.
func backPath(s string) string {
	if len(s) > 2000 || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return "/"
	}
	for _, r := range s {
		if r < 0x21 || r == 0x7f || r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r) {
			return "/"
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return s
}

func (s *Server) handleSignInPage(c *gin.Context) {
	s.render(c, http.StatusOK, "signin", tr(c, "nav.sign_in"), signInData{Hours: int(SessionLifetime.Hours()), Back: backPath(c.Query("terug"))})
}

func (s *Server) handleSignIn(c *gin.Context) {
	secret := strings.TrimSpace(c.PostForm("token"))
	t, err := s.activeToken(c, koppel.HashToken(secret))
	if secret == "" || err != nil {
		s.render(c, http.StatusUnauthorized, "signin", tr(c, "nav.sign_in"), signInData{Error: tr(c, "signin.unknown_token"), Hours: int(SessionLifetime.Hours()), Back: backPath(c.PostForm("terug"))})
		return
	}
	if err := s.setSession(c, t); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, backPath(c.PostForm("terug")))
}

// handleSignOut ends the session on the server, not only its cookie.
func (s *Server) handleSignOut(c *gin.Context) {
	if err := s.endSession(c); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/")
}

// Me describes the caller.
type Me struct {
	Role       koppel.Role `json:"role"`
	TokenID    string      `json:"token_id"`
	Enterprise koppel.KBO  `json:"enterprise,omitempty"`
	Buyer      string      `json:"buyer,omitempty"`
	BuyerID    string      `json:"buyer_id,omitempty"`
}

func (s *Server) handleMe(c *gin.Context) {
	t := caller(c).Token
	c.JSON(http.StatusOK, Me{Role: t.Role, TokenID: t.ID, Enterprise: t.Enterprise, Buyer: t.Buyer, BuyerID: t.BuyerID})
}
