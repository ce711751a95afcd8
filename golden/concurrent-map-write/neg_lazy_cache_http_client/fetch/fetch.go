// Package fetch is an HTTP client of a command-line tool: it serves
// nothing, and runs on the goroutine that calls it.
package fetch

import (
	"io"
	"net/http"

	"example.com/httpclient/locale"
)

// Get fetches url and says so in lang.
func Get(url, lang string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	return locale.NewPrinter(lang).Print("hello") + string(body), nil
}
