package server

import (
	"html/template"
	"net/url"
	"strings"
)

// telHref turns a phone number as people write it ("+32 9 000 12 34",
// "09/000.12.34") into a tel: link: the leading + and the digits only.
// It returns "" when no digits are left, so that the template shows the
// number as plain text.
func telHref(phone string) template.URL {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	if strings.Trim(b.String(), "+") == "" {
		return ""
	}
	return template.URL("tel:" + b.String()) // digits and a leading + only
}

// webHref returns a website as a link target: http(s) addresses as they
// are, a bare host ("www.voorbeeld.be") with https:// before it, anything
// else "" (shown as plain text).
func webHref(site string) string {
	site = strings.TrimSpace(site)
	if site == "" || strings.ContainsAny(site, " \t\"'<>") {
		return ""
	}
	if !strings.Contains(site, "://") {
		site = "https://" + site
	}
	u, err := url.Parse(site)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// webLabel is a website as people read it: without scheme and final slash.
func webLabel(site string) string {
	s := strings.TrimSpace(site)
	for _, p := range []string{"https://", "http://"} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSuffix(s, "/")
}
