package server

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
)

// principalKey is the Gin context key of the caller's identity.
const principalKey = "koppel.principal"

// principal is who is calling: a token (by Bearer header or by session
// cookie) or nobody.
type principal struct {
	Token   *koppel.Token // nil when anonymous
	Session *session      // set when signed in through the web session
}

func (p principal) role() koppel.Role {
	if p.Token == nil {
		return ""
	}
	return p.Token.Role
}

func (p principal) isAdmin() bool { return p.role() == koppel.RoleAdmin }

// caller returns the principal of the request.
func caller(c *gin.Context) principal {
	if p, ok := c.Get(principalKey); ok {
		return p.(principal)
	}
	return principal{}
}

// authenticate identifies the caller from the Authorization header or the
// session cookie. It runs on every request; it refuses only a bad Bearer
// token (401), so a client learns at once that its token is wrong. Whether
// the caller may use the route is for requireRoles and the handlers.
func (s *Server) authenticate(c *gin.Context) {
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			s.unauthorized(c, koppel.Errorf(koppel.EUNAUTHORIZED, "gebruik een Authorization-header van de vorm 'Bearer <token>'").WithKey("error.bearer_form"))
			return
		}
		t, err := s.activeToken(c, koppel.HashToken(strings.TrimSpace(secret)))
		if err != nil {
			s.unauthorized(c, koppel.Errorf(koppel.EUNAUTHORIZED, "dit token is ongeldig, verlopen of ingetrokken").WithKey("error.token_invalid"))
			return
		}
		c.Set(principalKey, principal{Token: t})
		c.Next()
		return
	}
	if sess, ok := s.readSession(c); ok {
		if t, err := s.activeToken(c, sess.TokenHash); err == nil {
			c.Set(principalKey, principal{Token: t, Session: sess})
		} else {
			s.clearSession(c) // the token was revoked or expired
		}
	} else if v, err := c.Cookie(sessionCookie); err == nil && v != "" {
		s.clearSession(c) // signed out, ended or expired: forget the cookie
	}
	c.Next()
}

func (s *Server) activeToken(c *gin.Context, hash string) (*koppel.Token, error) {
	t, err := s.Tokens.FindTokenByHash(c.Request.Context(), hash)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(t.Hash), []byte(hash)) != 1 || !t.Active(time.Now()) {
		return nil, koppel.Errorf(koppel.EUNAUTHORIZED, "token is niet actief").WithKey("error.token_inactive")
	}
	return t, nil
}

func (s *Server) unauthorized(c *gin.Context, err error) {
	c.Header("WWW-Authenticate", `Bearer realm="koppel"`)
	s.writeError(c, err)
}

// requireRoles refuses anonymous callers with 401 and callers of another
// role with 403.
func (s *Server) requireRoles(roles []koppel.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := caller(c)
		switch {
		case p.Token == nil && wantsHTML(c) && c.Request.Method == http.MethodGet:
			// A person in a browser: to the sign-in page, and back after.
			c.Redirect(http.StatusSeeOther, "/aanmelden?terug="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
		case p.Token == nil:
			s.unauthorized(c, koppel.Errorf(koppel.EUNAUTHORIZED, "meld u aan met een token om dit te doen").WithKey("error.sign_in_needed"))
		case !slices.Contains(roles, p.role()):
			s.writeError(c, roleForbidden(p.role()))
		default:
			c.Next()
		}
	}
}

// ownsEnterprise is the ownership check for an enterprise and its
// catalogue: admins own all, a supplier only its own.
func ownsEnterprise(p principal, kbo koppel.KBO) bool {
	return p.isAdmin() || p.role() == koppel.RoleSupplier && p.Token.Enterprise == kbo
}

// ownsTender is the ownership check for a tender: admins own all, a buyer
// the tenders it created.
func ownsTender(p principal, t *koppel.Tender) bool {
	return p.isAdmin() || p.role() == koppel.RoleBuyer && t.Owner != "" && t.Owner == p.Token.Buyer
}

// viewer is the caller as koppel.Viewer, for the one visibility rule.
func (p principal) viewer() koppel.Viewer {
	v := koppel.Viewer{Admin: p.isAdmin()}
	if p.role() == koppel.RoleBuyer {
		v.Buyer = p.Token.Buyer
	}
	return v
}

// canSeeTender says whether p may see t (koppel.Viewer.SeesTender).
// Callers answer 404, not 403, for a draft that is not theirs: its
// existence is not public either.
func canSeeTender(p principal, t *koppel.Tender) bool {
	return p.viewer().SeesTender(t)
}

// forbidden writes the 403 of a failed ownership check of the kind of
// thing with id (see forbiddenErr).
func (s *Server) forbidden(c *gin.Context, kind, id string) {
	s.writeError(c, forbiddenErr(kind, id))
}

// forbiddenWhat names, per kind of thing, what forbiddenErr says the
// caller may not change, in Dutch; the catalogue key is
// "error.admin_forbidden." + kind.
var forbiddenWhat = map[string]string{
	"catalogue":  "de catalogus van onderneming %s",
	"enterprise": "onderneming %s",
	"tender":     "opdracht %s",
}

// forbiddenErr says the caller may not change the thing of kind
// (catalogue, enterprise, tender) with id.
func forbiddenErr(kind, id string) error {
	what, key := fmt.Sprintf(forbiddenWhat[kind], id), "error.admin_forbidden."+kind
	return koppel.Errorf(koppel.EFORBIDDEN, "u mag %s niet wijzigen", what).WithKey(key, "ID", id)
}

// methodIsSafe reports whether the method changes nothing.
func methodIsSafe(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
