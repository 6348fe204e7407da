package koppel_test

import (
	"testing"

	"koppel"
)

func TestAlertPrefsValidate(t *testing.T) {
	r := koppel.EnterpriseRecipient("0123456749")
	tests := []struct {
		name string
		p    koppel.AlertPrefs
		ok   bool
	}{
		{"defaults", *koppel.DefaultAlertPrefs(r), true},
		{"buyer", koppel.AlertPrefs{Recipient: koppel.BuyerRecipient("Stad Gent"), Mode: koppel.AlertDigest}, true},
		{"no recipient", koppel.AlertPrefs{Mode: koppel.AlertOff}, false},
		{"bad mode", koppel.AlertPrefs{Recipient: r, Mode: "loud"}, false},
		{"unknown category", koppel.AlertPrefs{Recipient: r, Mode: koppel.AlertOff, Muted: []koppel.Category{"raketten"}}, false},
		{"webhook", koppel.AlertPrefs{Recipient: r, Mode: koppel.AlertOff, WebhookURL: "https://x.example/h", WebhookSecret: "0123456789abcdef"}, true},
		{"webhook without secret", koppel.AlertPrefs{Recipient: r, Mode: koppel.AlertOff, WebhookURL: "https://x.example/h"}, false},
		{"webhook not http", koppel.AlertPrefs{Recipient: r, Mode: koppel.AlertOff, WebhookURL: "file:///etc/passwd", WebhookSecret: "0123456789abcdef"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("got %v, want ok %v", err, tt.ok)
			}
			if err != nil && koppel.ErrorCode(err) != koppel.EINVALID {
				t.Errorf("got code %s, want EINVALID", koppel.ErrorCode(err))
			}
		})
	}
}

func TestMutedAll(t *testing.T) {
	p := koppel.AlertPrefs{Muted: []koppel.Category{"schoonmaak", "catering"}}
	for _, tt := range []struct {
		cats []koppel.Category
		want bool
	}{
		{nil, false},
		{[]koppel.Category{"schoonmaak"}, true},
		{[]koppel.Category{"schoonmaak", "catering"}, true},
		{[]koppel.Category{"schoonmaak", "fietsen"}, false},
	} {
		if got := p.MutedAll(tt.cats); got != tt.want {
			t.Errorf("MutedAll(%v) = %v, want %v", tt.cats, got, tt.want)
		}
	}
}

func TestAccessRequestValidate(t *testing.T) {
	for _, tt := range []struct {
		r  koppel.AccessRequest
		ok bool
	}{
		{koppel.AccessRequest{Role: koppel.RoleSupplier, Enterprise: "0123.456.749", Email: "a@b.example"}, true},
		{koppel.AccessRequest{Role: koppel.RoleSupplier, Enterprise: "123", Email: "a@b.example"}, false},
		{koppel.AccessRequest{Role: koppel.RoleBuyer, Buyer: "Stad Gent", Email: "a@b.example"}, true},
		{koppel.AccessRequest{Role: koppel.RoleBuyer, Buyer: " ", Email: "a@b.example"}, false},
		{koppel.AccessRequest{Role: koppel.RoleAdmin, Email: "a@b.example"}, false},
		{koppel.AccessRequest{Role: koppel.RoleBuyer, Buyer: "X", Email: "Naam <a@b.example>"}, false},
	} {
		if err := tt.r.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v: got %v, want ok %v", tt.r, err, tt.ok)
		}
	}
}
