package extract

import "testing"

func TestFixMojibake(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"A DIY Investor\u00e2\u0080\u0099s Guide", "A DIY Investor’s Guide"},
		{"workout of 2024 â€” and 5", "workout of 2024 — and 5"},
		{"cafÃ© crÃ¨me", "café crème"},
		{"plain ASCII", "plain ASCII"},
		{"São Paulo, Ângela, â alone", "São Paulo, Ângela, â alone"},
	} {
		if got := fixMojibake(c.in); got != c.want {
			t.Errorf("fixMojibake(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
