package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
)

// tokenRoutes let an admin list and revoke tokens while the server runs.
func (s *Server) tokenRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/admin/tokens", Summary: "All tokens, without their secrets (admin)", Tag: "operations",
			Roles: adminOnly, Response: []TokenView{}, Handler: s.handleTokenList},
		{Method: "POST", Path: "/api/v1/admin/tokens/:id/revoke", Summary: "Revoke a token at once; its web sessions end too (admin)", Tag: "operations",
			Roles: adminOnly, Rate: rateWrite, Response: TokenView{}, Handler: s.handleTokenRevoke},
		{Method: "GET", Path: "/beheer/tokens", Summary: "Token page: list and revoke tokens (admin)", Page: true, Roles: adminOnly, Handler: s.handleTokenPage},
		{Method: "POST", Path: "/beheer/tokens/:id/intrekken", Summary: "Revoke a token (form, admin)", Page: true, Roles: adminOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleTokenRevokeForm},
	}
}

// TokenView is a token as the admin API shows it: never its secret or hash.
type TokenView struct {
	ID         string      `json:"id"`
	Role       koppel.Role `json:"role"`
	Enterprise koppel.KBO  `json:"enterprise,omitempty"`
	Buyer      string      `json:"buyer,omitempty"`
	BuyerID    string      `json:"buyer_id,omitempty"`
	Email      string      `json:"email,omitempty"` // where a buyer's alerts go
	CreatedAt  time.Time   `json:"created_at"`
	ExpiresAt  time.Time   `json:"expires_at,omitzero"`
	// State is active, expired or revoked.
	State string `json:"state"`
}

func tokenView(t *koppel.Token, now time.Time) TokenView {
	v := TokenView{ID: t.ID, Role: t.Role, Enterprise: t.Enterprise, Buyer: t.Buyer, BuyerID: t.BuyerID, Email: t.Email, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, State: "active"}
	switch {
	case t.Revoked:
		v.State = "revoked"
	case !t.Active(now):
		v.State = "expired"
	}
	return v
}

func (s *Server) tokenViews(c *gin.Context) ([]TokenView, error) {
	list, err := s.Tokens.FindTokens(c.Request.Context())
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]TokenView, 0, len(list))
	for _, t := range list {
		out = append(out, tokenView(t, now))
	}
	return out, nil
}

func (s *Server) handleTokenList(c *gin.Context) {
	out, err := s.tokenViews(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) handleTokenRevoke(c *gin.Context) {
	t, err := s.Tokens.RevokeToken(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, tokenView(t, time.Now()))
}

// tokenPage is the Tokens page of the admins.
type tokenPage struct {
	Tokens  []TokenView
	Revoked string // the ID just revoked
	Email   string // the ID whose e-mail address was just set
}

func (s *Server) handleTokenPage(c *gin.Context) {
	out, err := s.tokenViews(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "tokens", tr(c, "nav.tokens"), tokenPage{Tokens: out, Revoked: c.Query("ingetrokken"), Email: c.Query("email")})
}

func (s *Server) handleTokenRevokeForm(c *gin.Context) {
	t, err := s.Tokens.RevokeToken(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/beheer/tokens?ingetrokken="+url.QueryEscape(t.ID))
}
