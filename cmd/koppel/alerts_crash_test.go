package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"koppel"
	"koppel/notify/notifytest"
)

const hookSecret = "crash-test-webhook-secret"

// seedAlerts creates an admin token and n enterprises that fit
// notifytest.CleaningLot; enterprise 0 also wants webhooks at hookURL.
func seedAlerts(t *testing.T, bin, data string, n int, hookURL string) string {
	t.Helper()
	out, err := exec.Command(bin, "token", "create", "--data", data, "--role", "admin").Output()
	if err != nil {
		t.Fatal(err)
	}
	st, err := openStore(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := notifytest.SeedEnterprises(ctx, st, n); err != nil {
		t.Fatal(err)
	}
	if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: koppel.EnterpriseRecipient(notifytest.KBO(0)), Mode: koppel.AlertImmediate,
		WebhookURL: hookURL, WebhookSecret: hookSecret}); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// publishTender publishes a cleaning tender through the API and returns
// its ID and how long the request took.
func publishTender(t *testing.T, url, admin, title string) (string, time.Duration) {
	t.Helper()
	lot := notifytest.CleaningLot()
	body, _ := json.Marshal(koppel.Tender{Title: title, Buyer: koppel.Buyer{Name: "Stad Gent"}, Status: koppel.TenderPublished, Lots: []koppel.Lot{lot}})
	req, _ := http.NewRequest("POST", url+"/api/v1/tenders", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+admin)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	defer resp.Body.Close()
	var got koppel.Tender
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&got) != nil {
		t.Fatalf("publish %q: got %d", title, resp.StatusCode)
	}
	return got.ID, took
}

// TestAlertsCrashBetweenQueueAndSend kills koppel serve with SIGKILL after
// the tenders were published (their events queued) and before the alert
// worker sent anything, restarts it, and checks that every alert reaches
// the test SMTP server and the test webhook receiver exactly once, also
// after one more kill and restart.
func TestAlertsCrashBetweenQueueAndSend(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the binary")
	}
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	smtpSrv, err := notifytest.StartSMTP()
	if err != nil {
		t.Fatal(err)
	}
	defer smtpSrv.Close()
	rec := notifytest.StartReceiver(hookSecret, 1, false) // the first post fails: a retry too
	defer rec.Close()
	const enterprises, tenders = 3, 3
	admin := seedAlerts(t, bin, data, enterprises, rec.URL())

	// Run 1: the worker waits an hour, so the events stay queued.
	cmd, url := startServe(t, bin, "--data", data, "--smtp-url", smtpSrv.URL(), "--alert-interval", "1h", "--rate-write", "0")
	for i := range tenders {
		publishTender(t, url, admin, fmt.Sprintf("Schoonmaak school %d", i))
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if n, h := len(smtpSrv.Mails()), rec.Requests(); n != 0 || h != 0 {
		t.Fatalf("%d mails and %d webhook posts before the worker ran", n, h)
	}

	// Run 2: everything queued goes out.
	want := enterprises * tenders
	// It is killed once every delivery is marked sent: a kill between a
	// receiver's acceptance and the mark is the one window in which a
	// message can arrive twice (see package notify).
	cmd, url = startServe(t, bin, "--data", data, "--smtp-url", smtpSrv.URL(), "--alert-interval", "50ms", "--alert-backoff", "20ms")
	for i := 0; i < 1200 && sentOnAdminPage(t, url, admin) < want+tenders; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	// Run 3: nothing is sent again.
	cmd, _ = startServe(t, bin, "--data", data, "--smtp-url", smtpSrv.URL(), "--alert-interval", "50ms", "--alert-backoff", "20ms")
	time.Sleep(time.Second) // twenty rounds of the worker
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	mails := smtpSrv.Mails()
	if len(mails) != want {
		t.Errorf("got %d mails, want %d", len(mails), want)
	}
	seen := map[string]bool{}
	perAddr := map[string]int{}
	for _, m := range mails {
		if seen[m.MessageID] {
			t.Errorf("mail %s arrived twice", m.MessageID)
		}
		seen[m.MessageID] = true
		perAddr[strings.Join(m.To, ",")]++
	}
	for i := range enterprises {
		if got := perAddr[notifytest.Email(i)]; got != tenders {
			t.Errorf("%s got %d mails, want %d", notifytest.Email(i), got, tenders)
		}
	}
	hooks := rec.Hooks()
	if len(hooks) != tenders {
		t.Errorf("got %d webhooks, want %d", len(hooks), tenders)
	}
	ids := map[string]bool{}
	for _, h := range hooks {
		if ids[h.EventID] || !strings.HasPrefix(h.EventID, "tender_published/") {
			t.Errorf("webhook with Koppel-Event-Id %q: repeated or not a tender", h.EventID)
		}
		ids[h.EventID] = true
	}
}

// sentOnAdminPage counts the deliveries the Verzonden meldingen page shows
// as sent.
func sentOnAdminPage(t *testing.T, url, admin string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/beheer/meldingen", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.Count(string(b), `class="state-sent"`)
}
