package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const clientPkg = "github.com/gosock/sock/examples/udpclient"

// clientCase is one run of a client on some input: the datagrams the
// server must receive and what the client must print. The expectations
// are those of the C original, which interop_test.go checks them against.
type clientCase struct {
	name          string
	input         string
	wantDatagrams []string
	wantOut       []string
}

var clientCases = []clientCase{
	{
		name:          "empty lines skipped, q quits",
		input:         "hello\n\n  \nWorld 42\n\n\nq\nnot sent\n",
		wantDatagrams: []string{"hello", "  ", "World 42"},
		wantOut:       []string{"Server reply: HELLO", "Server reply:   ", "Server reply: WORLD 42"},
	},
	{
		name:          "end of input without q nor newline",
		input:         "one\ntwo",
		wantDatagrams: []string{"one", "two"},
		wantOut:       []string{"Server reply: ONE", "Server reply: TWO"},
	},
	{
		name:          "q only alone on its line",
		input:         "q \nqq\nQ\nq\n",
		wantDatagrams: []string{"q ", "qq", "Q"},
		wantOut:       []string{"Server reply: Q ", "Server reply: QQ", "Server reply: Q"},
	},
	{
		name:  "no input",
		input: "",
	},
	{
		// fgets reads at most BUFFER_SIZE-1 bytes: a longer line goes as
		// several datagrams.
		name:          "long line",
		input:         strings.Repeat("y", 2500) + "\nend\n",
		wantDatagrams: []string{strings.Repeat("y", 1023), strings.Repeat("y", 1023), strings.Repeat("y", 454), "end"},
		wantOut: []string{
			"Server reply: " + strings.Repeat("Y", 1023),
			"Server reply: " + strings.Repeat("Y", 1023),
			"Server reply: " + strings.Repeat("Y", 454),
			"Server reply: END",
		},
	},
	{
		// The line is a C string: it ends at a NUL byte. A \r stays.
		name:          "NUL and CR",
		input:         "ab\x00cd\nxy\r\n\x00\n",
		wantDatagrams: []string{"ab", "xy\r"},
		wantOut:       []string{"Server reply: AB", "Server reply: XY"}, // extest drops the \r before \n
	},
	{
		name:          "bytes beyond ASCII unchanged",
		input:         "été, ça va?\n",
		wantDatagrams: []string{"été, ça va?"},
		wantOut:       []string{"Server reply: éTé, çA VA?"},
	},
}

// runCase runs the client bin on c against a fake server of family and
// checks what it sent and printed. It returns the client's stdout.
func runCase(t *testing.T, bin string, family int, c clientCase) string {
	t.Helper()
	f := extest.StartUpperServer(t, family, sock.SOCK_DGRAM, 0)
	out, errOut, code := extest.Run(t, c.input, bin, "-port", strconv.Itoa(f.Port), extest.Loopback(family))
	assert.Equal(t, c.wantDatagrams, f.Received(t), "what the server received")
	want := ""
	for _, l := range c.wantOut {
		want += l + "\n"
	}
	assert.Equal(t, want, out, "stdout")
	assert.Empty(t, errOut, "stderr")
	assert.Equal(t, 0, code, "exit code")
	return out
}

func TestClient(t *testing.T) {
	bin := extest.Build(t, clientPkg)
	for _, family := range extest.Families {
		for _, c := range clientCases {
			t.Run(extest.FamilyName(family)+"/"+c.name, func(t *testing.T) {
				runCase(t, bin, family, c)
			})
		}
	}
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
