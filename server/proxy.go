package server

import (
	"net"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
)

// ParseTrustedProxies reads a comma-separated list of IP addresses and
// CIDR ranges ("127.0.0.1, 10.0.0.0/8"): the reverse proxies whose
// X-Forwarded-Proto and X-Forwarded-For headers Koppel believes. Returns
// EINVALID naming an entry that is neither.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, koppel.Errorf(koppel.EINVALID, "vertrouwde proxy %q is geen IP-adres of CIDR-bereik (bv. 127.0.0.1 of 10.0.0.0/8)", part).WithKey("error.admin_trusted_proxy", "Value", part)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// fromTrustedProxy reports whether the request's peer is one of
// Server.TrustedProxies.
func (s *Server) fromTrustedProxy(c *gin.Context) bool {
	if len(s.TrustedProxies) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		host = c.Request.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// requestIsTLS reports whether the client reached Koppel over TLS: directly,
// or through a trusted proxy that says so in X-Forwarded-Proto (the first
// value, the proxy nearest the client having written it). From anyone
// else the header means nothing.
func (s *Server) requestIsTLS(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	if !s.fromTrustedProxy(c) {
		return false
	}
	proto, _, _ := strings.Cut(c.GetHeader("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// trustedProxyList is TrustedProxies as Gin takes them, for the client
// address of the rate limits (X-Forwarded-For from a trusted proxy only).
func (s *Server) trustedProxyList() []string {
	var out []string
	for _, p := range s.TrustedProxies {
		out = append(out, p.String())
	}
	return out
}
