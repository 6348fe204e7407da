package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
)

const (
	sessionCookie = "koppel_session"
	csrfCookie    = "koppel_csrf"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
	// SessionLifetime is how long a web sign-in lasts.
	SessionLifetime = 12 * time.Hour
)

// session is the content of the signed session cookie. It names the token
// by its hash, so revoking the token ends the session too, and the
// session by its ID, which must be stored (Server.Sessions): signing out
// deletes it, so a copy of the cookie is worth nothing after.
type session struct {
	ID        string `json:"sid"`
	TokenHash string `json:"th"`
	Expires   int64  `json:"exp"`
}

// LoadSessionKey reads the key that signs session cookies from path, and
// creates it (32 random bytes, readable by the owner only) when missing. The
// key lives in the data directory, so sessions survive a restart.
func LoadSessionKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) >= 32 {
		return b, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read session key: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make session key: %w", err)
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("write session key: %w", err)
	}
	return key, nil
}

func (s *Server) sign(parts ...string) string {
	m := hmac.New(sha256.New, s.SessionKey)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// setSession signs the caller in with token t: it stores a new session
// and sets its cookie.
func (s *Server) setSession(c *gin.Context, t *koppel.Token) error {
	if s.Sessions == nil {
		return koppel.Errorf(koppel.EUNAVAILABLE, "aanmelden op de webpagina's kan op deze server niet").WithKey("error.admin_sessions_off")
	}
	now := time.Now()
	sess := session{ID: randomID(), TokenHash: t.Hash, Expires: now.Add(SessionLifetime).Unix()}
	if err := s.Sessions.PutSession(c.Request.Context(), &koppel.Session{ID: sess.ID, TokenHash: t.Hash, CreatedAt: now.UTC(), ExpiresAt: time.Unix(sess.Expires, 0).UTC()}); err != nil {
		return err
	}
	payload, _ := json.Marshal(sess)
	v := base64.RawURLEncoding.EncodeToString(payload)
	s.setCookie(c, sessionCookie, v+"."+s.sign("session", v), int(SessionLifetime.Seconds()))
	return nil
}

func (s *Server) clearSession(c *gin.Context) { s.setCookie(c, sessionCookie, "", -1) }

// endSession deletes the caller's session on the server and its cookie.
func (s *Server) endSession(c *gin.Context) error {
	s.clearSession(c)
	if p := caller(c); p.Session != nil && s.Sessions != nil {
		return s.Sessions.DeleteSession(c.Request.Context(), p.Session.ID)
	}
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure when the request
// came over TLS, directly or through a trusted proxy (see requestIsTLS).
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.requestIsTLS(c), SameSite: http.SameSiteLaxMode,
	})
}

// readSession returns the session of a valid, unexpired session cookie
// whose session is still stored for the same token.
func (s *Server) readSession(c *gin.Context) (*session, bool) {
	raw, err := c.Cookie(sessionCookie)
	if err != nil || raw == "" || len(s.SessionKey) == 0 || s.Sessions == nil {
		return nil, false
	}
	v, mac, ok := strings.Cut(raw, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.sign("session", v))) {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, false
	}
	var sess session
	if json.Unmarshal(payload, &sess) != nil || time.Now().Unix() > sess.Expires || sess.ID == "" {
		return nil, false
	}
	stored, err := s.Sessions.FindSession(c.Request.Context(), sess.ID)
	if err != nil || stored.TokenHash != sess.TokenHash {
		return nil, false
	}
	return &sess, true
}

// csrfToken returns the CSRF token for forms of this caller: bound to the
// session when signed in, else to a random cookie (so the sign-in form is
// protected too). It sets that cookie when missing.
func (s *Server) csrfToken(c *gin.Context) string {
	if p := caller(c); p.Session != nil {
		return s.sign("csrf", p.Session.ID)
	}
	seed, err := c.Cookie(csrfCookie)
	if err != nil || seed == "" {
		seed = randomID()
		s.setCookie(c, csrfCookie, seed, 0)
		c.Request.AddCookie(&http.Cookie{Name: csrfCookie, Value: seed})
	}
	return s.sign("csrf", seed)
}

// checkCSRF guards requests that change data and ride on cookies: a web
// session, or an anonymous form (sign-in). Requests with a Bearer token are
// not exposed to CSRF (a browser never adds that header by itself) and pass.
func (s *Server) checkCSRF(c *gin.Context) {
	p := caller(c)
	if methodIsSafe(c.Request.Method) || p.Token != nil && p.Session == nil {
		c.Next()
		return
	}
	if p.Token == nil && !isForm(c) {
		// An anonymous JSON request carries no authority a forger could
		// borrow; the role check or the handler answers it.
		c.Next()
		return
	}
	var seed string
	if p.Session != nil {
		seed = p.Session.ID
	} else if v, err := c.Cookie(csrfCookie); err == nil {
		seed = v
	}
	got := c.GetHeader(csrfHeader)
	if got == "" {
		got = c.PostForm(csrfField)
	}
	if seed == "" || got == "" || !hmac.Equal([]byte(got), []byte(s.sign("csrf", seed))) {
		s.writeError(c, koppel.Errorf(koppel.EFORBIDDEN, "het formulier is verlopen of komt niet van Koppel (CSRF-controle); laad de pagina opnieuw").WithKey("error.csrf"))
		return
	}
	c.Next()
}

func isForm(c *gin.Context) bool {
	ct := c.ContentType()
	return ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
}
