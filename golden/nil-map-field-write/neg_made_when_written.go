package accounts

// Account's signing keys are rebuilt from the claims: made when there are
// keys to copy or when the account signs for itself, the two cases that
// write.
type Account struct {
	Name        string
	signingKeys map[string]string
}

func NewAccount(name string) *Account {
	return &Account{Name: name}
}

func (a *Account) update(keys map[string]string, strict bool) {
	a.signingKeys = nil
	if len(keys) > 0 || !strict {
		a.signingKeys = make(map[string]string)
	}
	for k, scope := range keys {
		a.signingKeys[k] = scope
	}
	if !strict {
		a.signingKeys[a.Name] = ""
	}
}
