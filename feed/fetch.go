package feed

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/importers/archive"
)

// MaxListingBytes bounds a listing page.
const MaxListingBytes = 4 << 20

// Fetch fetches the source once. The URL answers either a package itself
// (an archive or a notice; fetched again only when its content changed) or
// a listing: an HTML page or a text file whose links (href="…", or one URL
// a line) name packages (.tar.gz, .tgz, .tar, .zip, .xml). Each package
// not fetched before is downloaded to a temporary file, imported and
// remembered, at most MaxPackagesPerFetch a time. A failure — the source
// unreachable, an answer other than 200, a package cut off — is returned,
// counted in the status and retried at the next interval; the packages
// imported before it stay imported and remembered.
func (f *Feed) Fetch(ctx context.Context) error {
	start := time.Now().UTC()
	f.update(func(s *koppel.FeedStatus) { s.LastFetch = start })
	err := f.fetch(ctx)
	f.update(func(s *koppel.FeedStatus) {
		if err != nil {
			s.Failures++
			s.FailuresTotal++
			s.LastError, s.LastErrorFR, s.LastErrorEN = i18n.ErrorTexts(err)
			return
		}
		s.Failures, s.LastError, s.LastErrorFR, s.LastErrorEN, s.LastSuccess = 0, "", "", "", start
	})
	return err
}

func (f *Feed) fetch(ctx context.Context) error {
	tmp, kind, err := f.download(ctx, f.URL)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if kind != "listing" {
		// The URL is a package: known by its content.
		sum, err := fileHash(tmp)
		if err != nil {
			return err
		}
		return f.importOnce(ctx, f.URL+"#sha256="+sum, tmp, path.Base(f.URL))
	}
	if fi, err := os.Stat(tmp); err != nil || fi.Size() > MaxListingBytes {
		return koppel.Errorf(koppel.ETOOLARGE, "de lijst op %s is groter dan %d MB", f.URL, MaxListingBytes>>20).WithKey("error.admin_feed_listing_too_large", "URL", f.URL, "MB", MaxListingBytes>>20)
	}
	b, err := os.ReadFile(tmp)
	if err != nil {
		return err
	}
	links, err := packageLinks(f.URL, b)
	if err != nil {
		return err
	}
	n := 0
	for _, link := range links {
		if _, ok, err := f.Store.Fetched(ctx, link); err != nil || ok {
			if err != nil {
				return err
			}
			continue
		}
		if n == MaxPackagesPerFetch {
			break // the rest at the next interval
		}
		n++
		p, _, err := f.download(ctx, link)
		if err != nil {
			return err
		}
		err = f.importOnce(ctx, link, p, path.Base(link))
		os.Remove(p)
		if err != nil {
			return err
		}
	}
	return nil
}

// importOnce imports the package at p unless key was fetched before, and
// remembers key.
func (f *Feed) importOnce(ctx context.Context, key, p, name string) error {
	if _, ok, err := f.Store.Fetched(ctx, key); err != nil || ok {
		return err
	}
	rep, err := f.importPackage(ctx, p, name, "fetch")
	if err != nil {
		return err
	}
	if rep.Status != "done" {
		// A package cut off on the way is fetched again next time.
		return koppel.Errorf(koppel.EINVALID, "pakket %s niet helemaal gelezen: %s", name, rep.Error).WithKey("error.admin_feed_package_cut", "Name", name,
			"Reason", i18n.Localized(func(l i18n.Lang) string { msg, _ := rep.ErrorIn(string(l)); return msg }))
	}
	return f.Store.PutFetched(ctx, key, rep.ID)
}

// download writes what u answers to a temporary file, up to
// MaxPackageBytes, and says whether it is a listing or a package.
func (f *Feed) download(ctx context.Context, u string) (file, kind string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", "", koppel.Errorf(koppel.EINVALID, "ongeldige bron %q: %w", u, err).WithKey("error.admin_feed_bad_source", "URL", u)
	}
	req.Header.Set("User-Agent", "Koppel notice feed")
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Minute}
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", "", koppel.Errorf(koppel.EUNAVAILABLE, "bron %s niet bereikbaar: %w", u, err).WithKey("error.admin_feed_unreachable", "URL", u, "Cause", err.Error())
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", koppel.Errorf(koppel.EUNAVAILABLE, "bron %s antwoordt %s", u, resp.Status).WithKey("error.admin_feed_status", "URL", u, "Status", resp.Status)
	}
	limit := cmp.Or(f.MaxPackageBytes, DefaultMaxPackageBytes)
	out, err := os.CreateTemp("", "koppel-bron-*")
	if err != nil {
		return "", "", err
	}
	n, err := io.Copy(out, io.LimitReader(resp.Body, limit+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > limit {
		err = koppel.Errorf(koppel.ETOOLARGE, "%s is groter dan %d MB", u, limit>>20).WithKey("error.admin_feed_too_large", "URL", u, "MB", limit>>20)
	}
	if err == nil && resp.ContentLength > 0 && n != resp.ContentLength {
		err = koppel.Errorf(koppel.EUNAVAILABLE, "%s is onvolledig ontvangen (%d van %d bytes)", u, n, resp.ContentLength).WithKey("error.admin_feed_incomplete", "URL", u, "Got", n, "Want", resp.ContentLength)
	}
	if err != nil {
		os.Remove(out.Name())
		return "", "", koppel.Errorf(koppel.ErrorCode(err), "ophalen van %s: %w", u, err).WithKey("error.admin_feed_fetch", "URL", u, "Reason", err)
	}
	kind = "package"
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ct == "text/html" || ct == "text/plain" || ct == "application/xhtml+xml" || ct == "text/uri-list" {
		kind = "listing"
	}
	return out.Name(), kind, nil
}

var hrefRE = regexp.MustCompile(`(?i)href\s*=\s*["']([^"']+)["']`)

// packageLinks returns the links of a listing that name packages,
// absolute, each once, in the order of the listing.
func packageLinks(base string, page []byte) ([]string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "ongeldige bron %q", base).WithKey("error.admin_feed_bad_source", "URL", base)
	}
	var raw []string
	for _, m := range hrefRE.FindAllSubmatch(page, -1) {
		raw = append(raw, string(m[1]))
	}
	if len(raw) == 0 {
		for _, line := range bytes.Split(page, []byte("\n")) {
			if l := strings.TrimSpace(string(line)); l != "" && !strings.HasPrefix(l, "#") {
				raw = append(raw, l)
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		u, err := b.Parse(strings.TrimSpace(r))
		if err != nil || u.Scheme != "http" && u.Scheme != "https" {
			continue
		}
		u.Fragment = ""
		p := strings.ToLower(u.Path)
		if !archive.IsArchiveName(p) && !strings.HasSuffix(p, ".xml") {
			continue
		}
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

func fileHash(p string) (string, error) {
	fh, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("hash %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
