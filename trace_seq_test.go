package sock_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The sequence diagram is process-wide, as the trace is: these tests are
// not parallel.

// seqWriter collects the diagram, checking that each Write is whole lines.
type seqWriter struct {
	mu     sync.Mutex
	b      strings.Builder
	writes int
	bad    []string
}

func (w *seqWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(p) == 0 || p[len(p)-1] != '\n' {
		w.bad = append(w.bad, string(p))
	}
	w.writes++
	w.b.Write(p)
	return len(p), nil
}

func (w *seqWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// The subset of Mermaid's sequenceDiagram grammar the diagram uses: an id
// is a letter then letters, digits or '_'; a label has no '#', ';' or '%'
// (entities, statement ends, comments) and no line break.
var (
	seqID          = `[A-Za-z][A-Za-z0-9_]*`
	seqLabel       = `[^#;%\n]+`
	seqParticipant = regexp.MustCompile(`^participant (` + seqID + `) as ` + seqLabel + `$`)
	seqArrow       = regexp.MustCompile(`^(` + seqID + `)(?:->>|-->>)(` + seqID + `): ` + seqLabel + `$`)
	seqNote        = regexp.MustCompile(`^Note over (` + seqID + `)(?:,(` + seqID + `))?: ` + seqLabel + `$`)
)

// checkMermaid fails t unless diagram is the header and lines of the
// grammar above, each participant declared once and before its use.
func checkMermaid(t *testing.T, diagram string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(diagram, "\n"), "\n")
	require.NotEmpty(t, lines)
	assert.Equal(t, "sequenceDiagram", lines[0])
	declared := map[string]bool{}
	use := func(i int, ids ...string) {
		for _, id := range ids {
			if id != "" && !declared[id] {
				t.Errorf("line %d %q: %s used before its participant line", i+1, lines[i], id)
			}
		}
	}
	for i, l := range lines[1:] {
		i++
		switch {
		case seqParticipant.MatchString(l):
			id := seqParticipant.FindStringSubmatch(l)[1]
			if declared[id] {
				t.Errorf("line %d %q: %s declared twice", i+1, l, id)
			}
			declared[id] = true
		case seqArrow.MatchString(l):
			m := seqArrow.FindStringSubmatch(l)
			use(i, m[1], m[2])
		case seqNote.MatchString(l):
			m := seqNote.FindStringSubmatch(l)
			use(i, m[1], m[2])
		default:
			t.Errorf("line %d %q: not in the Mermaid grammar", i+1, l)
		}
	}
}

func startSeq(t *testing.T) *seqWriter {
	sock.SetTrace(nil)
	w := &seqWriter{}
	sock.SetTraceSequence(w)
	t.Cleanup(func() { sock.SetTraceSequence(nil) })
	return w
}

func stopSeq(t *testing.T, w *seqWriter) string {
	sock.SetTraceSequence(nil)
	assert.Empty(t, w.bad, "writes that are not whole lines")
	d := w.String()
	checkMermaid(t, d)
	return d
}

// TestTraceSequenceTCP: a TCP exchange in one process, from listen to both
// closes, drawn between client, listener and accepted columns.
func TestTraceSequenceTCP(t *testing.T) {
	w := startSeq(t)
	lfd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(lfd, loopback4(0)))
	require.NoError(t, sock.Listen(lfd, 5))
	port := portOf(t, lfd)
	cfd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Connect(cfd, loopback4(port)))
	cport := portOf(t, cfd)
	afd, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	closeAtEnd(t, afd)
	var buf [64]byte
	_, err = sock.Send(cfd, []byte("hello"), 0)
	require.NoError(t, err)
	n, err := sock.Recv(afd, buf[:], 0)
	require.NoError(t, err)
	_, err = sock.Send(afd, []byte(strings.ToUpper(string(buf[:n]))), 0)
	require.NoError(t, err)
	_, err = sock.Recv(cfd, buf[:], 0)
	require.NoError(t, err)
	require.NoError(t, sock.Shutdown(cfd, sock.SHUT_WR))
	n, err = sock.Recv(afd, buf[:], 0)
	require.NoError(t, err)
	require.Zero(t, n)
	require.NoError(t, closeEarly(t, afd))
	n, err = sock.Recv(cfd, buf[:], 0)
	require.NoError(t, err)
	require.Zero(t, n)
	require.NoError(t, closeEarly(t, cfd))
	require.NoError(t, closeEarly(t, lfd))
	got := stopSeq(t, w)

	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d listener 127.0.0.1:%[4]d
Note over S%[1]d: listen, backlog 5
participant S%[2]d as fd %[2]d client 127.0.0.1:%[5]d
S%[2]d->>S%[1]d: SYN (connect)
participant S%[3]d as fd %[3]d accepted
S%[1]d-->>S%[3]d: accept → fd %[3]d
S%[2]d->>S%[3]d: 5 bytes
Note over S%[3]d: recv 5 bytes
S%[3]d->>S%[2]d: 5 bytes
Note over S%[2]d: recv 5 bytes
S%[2]d->>S%[3]d: FIN (shutdown SHUT_WR)
Note over S%[3]d: recv = 0 (EOF)
S%[3]d->>S%[2]d: FIN (close)
Note over S%[2]d: recv = 0 (EOF)
Note over S%[2]d: close
Note over S%[1]d: close
`, lfd, cfd, afd, port, cport)
	assert.Equal(t, want, got)
}

// TestTraceSequenceAcceptFirst: when accept is drawn before the connect
// (the demo's two goroutines; here a connect the library did not make),
// the kernel's addresses pair the client with the accepted socket, and
// the accept draws the SYN.
func TestTraceSequenceAcceptFirst(t *testing.T) {
	w := startSeq(t)
	lfd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(lfd, loopback4(0)))
	require.NoError(t, sock.Listen(lfd, 5))
	port := portOf(t, lfd)
	cfd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, unix.Connect(cfd, &unix.SockaddrInet4{Port: int(port), Addr: [4]byte{127, 0, 0, 1}}))
	afd, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	closeAtEnd(t, afd)
	_, err = sock.Send(cfd, []byte("x"), 0)
	require.NoError(t, err)
	require.NoError(t, closeEarly(t, cfd))
	got := stopSeq(t, w)
	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d listener 127.0.0.1:%[4]d
Note over S%[1]d: listen, backlog 5
participant S%[2]d as fd %[2]d client 127.0.0.1:%[5]d
S%[2]d->>S%[1]d: SYN (connect)
participant S%[3]d as fd %[3]d accepted
S%[1]d-->>S%[3]d: accept → fd %[3]d
S%[2]d->>S%[3]d: 1 byte
S%[2]d->>S%[3]d: FIN (close)
`, lfd, cfd, afd, port, portOfPeer(t, afd))
	assert.Equal(t, want, got)
}

// TestTraceSequenceUnknownPeer: sockets opened before the diagram began
// are placed by the kernel's addresses: the connect it did not see comes
// from a peer participant, and the client, once it shows, is paired with
// the accepted socket.
func TestTraceSequenceUnknownPeer(t *testing.T) {
	lfd, port := listener(t, sock.AF_INET)
	cfd := dial(t, sock.AF_INET, port)
	w := startSeq(t)
	afd, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	closeAtEnd(t, afd)
	_, err = sock.Send(cfd, []byte("abc"), 0)
	require.NoError(t, err)
	got := stopSeq(t, w)
	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d listener 127.0.0.1:%[4]d
participant P1 as peer 127.0.0.1:%[5]d
P1->>S%[1]d: SYN (connect)
participant S%[3]d as fd %[3]d accepted
S%[1]d-->>S%[3]d: accept → fd %[3]d
participant S%[2]d as fd %[2]d client 127.0.0.1:%[5]d
S%[2]d->>S%[3]d: 3 bytes
`, lfd, cfd, afd, port, portOfPeer(t, afd))
	assert.Equal(t, want, got)
}

// portOfPeer is the port of fd's peer.
func portOfPeer(t *testing.T, fd int) uint16 {
	var ss sock.SockaddrStorage
	require.NoError(t, sock.Getpeername(fd, &ss))
	return storagePort(t, &ss)
}
