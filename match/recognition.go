package match

import (
	"context"
	"fmt"

	"koppel"
	"koppel/i18n"
)

// registerReader is the store's recognition register; *store.Store has it.
// A store without one (indexertest.MemSource) matches on the declared
// recognitions only.
type registerReader interface {
	RecognitionRegister(ctx context.Context) (*koppel.RecognitionRegister, error)
}

// verified returns e with the register's recognitions in place of the
// declared ones of the same work forms (koppel.RecognitionRegister.Apply),
// so that eligibility and the explanations use the register.
func (m *Matcher) verified(ctx context.Context, e *koppel.Enterprise) (*koppel.Enterprise, error) {
	r, ok := m.Store.(registerReader)
	if !ok {
		return e, nil
	}
	reg, err := r.RecognitionRegister(ctx)
	if err != nil {
		return nil, fmt.Errorf("recognition register: %w", err)
	}
	return reg.Apply(e), nil
}

// findEnterprise is Store.FindEnterpriseByKBO with the register applied.
func (m *Matcher) findEnterprise(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error) {
	e, err := m.Store.FindEnterpriseByKBO(ctx, kbo)
	if err != nil {
		return nil, err
	}
	return m.verified(ctx, e)
}

// verifiedText is the explanation's mention of a verified recognition:
// "erkenning geverifieerd (Departement WSE, 4/12/2026)"; "" when none of
// e's recognitions comes from the register.
func verifiedText(l i18n.Lang, e *koppel.Enterprise) string {
	for _, r := range e.Recognitions {
		if r.Verified != nil {
			return i18n.T(l, "recognition.verified_badge", "Source", r.Verified.Source, "Date", koppel.DateOf(r.Verified.RegisterAt).Dutch())
		}
	}
	return ""
}

// cpvName is a CPV entry's name in lang, dutch when it has none there.
func cpvName(l i18n.Lang, e koppel.CPVEntry, dutch string) string {
	switch {
	case l == i18n.FR && e.FR != "":
		return e.FR
	case l == i18n.EN && e.EN != "":
		return e.EN
	}
	return dutch
}
