package accounts

// The map is made when keys is not empty, but written for every element of
// extra: an empty keys with a non-empty extra writes into nil.
type Account struct {
	Name        string
	signingKeys map[string]string
}

func NewAccount(name string) *Account {
	return &Account{Name: name}
}

func (a *Account) update(keys, extra map[string]string, strict bool) {
	if len(keys) > 0 || strict {
		a.signingKeys = make(map[string]string)
	}
	for k, scope := range extra {
		a.signingKeys[k] = scope // want "write to nil map field a.signingKeys: the Account literal in NewAccount omits signingKeys"
	}
}
