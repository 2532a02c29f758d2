#!/usr/bin/perl
# peers.pl — the per-day, per-peer IKE failure count an admin would script in
# Perl: the same job as `tunnelstat --report peers` and bench/peers.awk.
#
#   perl bench/peers.pl [--ref-date YYYY-MM-DD] FILE...
#
# RFC 3164 lines of program pluto only; `| ` debug lines skipped; rsyslog
# `message repeated N times: [ ... ]` counts N; prefix, Qno tag and
# `STATE_X: ` story are stripped before the counted phrases of SPEC.md §4 are
# matched at the start of the body. Lines without an address take the peer of
# the same host+pid+serial, else the only peer ever seen with host+conn, else
# `-`. Year from --ref-date or a YYYYMMDD / YYYY-MM-DD in the file's base
# name. Prints the peers CSV (CRLF, header, rows sorted by day, host, peer).
use strict;
use warnings;

my $ref;
if (@ARGV >= 2 && $ARGV[0] eq '--ref-date') { shift; $ref = shift; }

my %mon;
my @mn = qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec);
for my $i (0 .. 11) { $mon{$mn[$i]} = $mon{lc $mn[$i]} = $mon{uc $mn[$i]} = $i + 1; }
my @mdays = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
sub leap { my $y = shift; return ($y % 4 == 0 && $y % 100 != 0) || $y % 400 == 0; }

my @cls = (
    [1, qr/^(?:DPD: No response from peer - declaring peer dead|DPD: Info: No response from peer - declaring peer dead|DPD action - |liveness_check - peer |IKEv2 liveness: action - )/],
    [2, qr/^(?:Informational Exchange is for an unknown \(expired\?\) SA|encrypted Informational Exchange message is invalid because|Main Mode message is part of an unknown exchange|[Pp]hase 1 message is part of an unknown exchange|Quick Mode message is for a non-existent \(expired\?\) ISAKMP SA|Quick Mode message is unacceptable because it is for an incomplete ISAKMP SA)/],
    [3, qr/^(?:no connection has been authorized|initial Main Mode message received on .* but (?:no connection has been authorized|".*" forbids connection)|initial Aggressive Mode message from .* but no \(wildcard\) connection has been configured|initial Aggressive Mode packet claiming to be from|initial parent SA message received on|dropping .*no suitable connection found with IKEv2 policy)/],
    [4, qr/^ignoring Delete SA payload/],
    [5, qr/^(?:deleting connection .*instance with peer|instance with peer)/],
    [6, qr/^(?:max number of retransmissions|.* second timeout exceeded after)/],
    [7, qr/^(?:probable authentication failure|received Hash Payload does not match computed value|Signature check|no RSA public key known|unable to locate my private key|too many \(.*\) malformed payloads|received \d+ malformed payload notifies)/],
    [8, qr/^(?:we require peer to have ID|we require IKEv1 peer to have ID|no suitable connection for peer|Peer mismatch on first found connection)/],
    [9, qr/^(?:no acceptable Oakley Transform|no acceptable Proposal in IPsec SA)/],
    [10, qr/^cannot respond to IPsec SA request because no connection is known for/],
    [11, qr/^(?:XAUTH: User .*: Authentication Failed|XAUTH FAILED|PAM: authentication of user|Expected MODE_CFG_REPLY is missing|XAUTH: Username or password request was received, but)/],
    [12, qr/^ERROR: asynchronous network error report/],
    [13, qr/^(?:ISAKMP SA established|IKE SA established|sent [A-Z][A-Z]\d+, ISAKMP SA established|established IKE SA|initiator established IKE SA|responder established IKE SA)/],
    [14, qr/^(?:IPsec SA established|sent [A-Z][A-Z]\d+, IPsec SA established|established Child SA|initiator established Child SA|responder established Child SA)/],
    [15, qr/^You should NOT use insecure (?:IKE algorithms \(|ESP algorithms \[)/],
);

sub nopot {
    my $p = shift;
    return $1 if $p =~ /^\[([^\]]*)\](?::\d*)?$/;
    $p =~ s/:\d*$// if $p =~ /^[^:]*:\d*$/;
    return $p;
}

my (%cnt, %serpeer, %connpeer, %pend);
my ($ry, $lm, $ld, %daycache);

for my $file (@ARGV) {
    my $r = $ref;
    if (!defined $r) {
        (my $base = $file) =~ s{.*/}{};
        if ($base =~ /(\d{4})-?(\d{2})-?(\d{2})/) { $r = "$1-$2-$3"; }
        else { die "peers.pl: no reference date for $file (use --ref-date)\n"; }
    }
    my ($rm, $rd);
    ($ry, $rm, $rd) = map { $_ + 0 } split /-/, $r;
    ($lm, $ld) = ($rm, $rd + 1);
    if ($ld > $mdays[$rm - 1] || ($rm == 2 && $ld == 29 && !leap($ry))) { $lm++; $ld = 1; }
    %daycache = ();
    open(my $fh, '<:raw', $file) or die "peers.pl: $file: $!\n";
    while (my $line = <$fh>) {
        next if index($line, ' pluto[') < 0;
        next unless $line =~ /^(\w{3}) +(\d+) [\d:]+ (\S+) pluto\[(\d+)\]: (.*?)\r?\n?\z/s;
        my ($mo, $md, $host, $pid, $msg) = ($1, $2, $3, $4, $5);
        next unless exists $mon{$mo};
        next if substr($msg, 0, 2) eq '| ';
        my $w = 1;
        if ($msg =~ /^message repeated (\d+) times: \[ (.*)\]\z/s) { ($w, $msg) = ($1, $2); }
        my ($conn, $peer, $serial) = ('', '', '');
        if ($msg =~ s/^(?:packet|connection) from (\S+): //) {
            $peer = nopot($1);
        } elsif ($msg =~ /^(?:"([^"]*)"|\(([^)]*)\))(?:\[\d+\])?(?: ([^ #]\S*?))?(?: #(\d+))?: /) {
            $conn = defined $1 ? $1 : $2;
            $peer = nopot($3) if defined $3;
            $serial = $4 if defined $4;
            $msg = substr($msg, $+[0]);
        } elsif ($msg =~ s/^#(\d+): //) {
            $serial = $1;
        }
        my $tag = '';
        $tag = $1 if $msg =~ s/^\[([A-Za-z][^\]]*)\] //;
        $msg =~ s/^STATE_[A-Z0-9_]+: //;
        # a peer the message names itself: an address, or an IPv4 endpoint
        if ($peer eq '') {
            if ($msg =~ /(?:from unknown peer|liveness_check - peer|instance with peer| connection to|complainant) (\d[0-9A-Fa-f:.]*[0-9A-Fa-f])/
                || $msg =~ /(?: request to| request from| response to| response from| reply to) (\d+\.[\d.]+)/
                || $msg =~ /^sending (?:encrypted )?notification \S+ to (\d+\.[\d.]+)/) {
                $peer = $1;
            }
        }
        if ($peer ne '') {
            if ($serial ne '') {
                my $k = "$host\0$pid\0$serial";
                $serpeer{$k} = $peer if !exists $serpeer{$k} || $peer lt $serpeer{$k};
            }
            if ($conn ne '') {
                my $k = "$host\0$conn";
                if (!exists $connpeer{$k}) { $connpeer{$k} = $peer; }
                elsif (defined $connpeer{$k} && $connpeer{$k} ne $peer) { $connpeer{$k} = undef; }
            }
        }
        my $col = 0;
        if ($tag eq 'Tunnel Disconnected') { $col = 5; }
        else { for my $c (@cls) { if ($msg =~ $c->[1]) { $col = $c->[0]; last; } } }
        next unless $col;
        my $m = $mon{$mo};
        my $day = $daycache{"$m $md"} //= do {
            my $y = ($lm == 13 || $m < $lm || ($m == $lm && $md <= $ld)) ? $ry : $ry - 1;
            if ($m == 2 && $md == 29) { $y-- while !leap($y); }
            sprintf('%04d-%02d-%02d', $y, $m, $md);
        };
        if ($peer eq '' && ($serial ne '' || $conn ne '')) {
            $pend{join("\0", $day, $host, $pid, $serial, $conn)}[$col] += $w;
            next;
        }
        $cnt{join("\0", $day, $host, $peer eq '' ? '-' : $peer)}[$col] += $w;
    }
    close $fh;
}

for my $k (keys %pend) {
    my ($day, $host, $pid, $serial, $conn) = split /\0/, $k, -1;
    my $p;
    $p = $serpeer{"$host\0$pid\0$serial"} if $serial ne '';
    $p = $connpeer{"$host\0$conn"} if !defined $p && $conn ne '' && exists $connpeer{"$host\0$conn"};
    $p = '-' if !defined $p;
    my $row = $cnt{join("\0", $day, $host, $p)} //= [];
    my $src = $pend{$k};
    for my $i (1 .. 15) { $row->[$i] += $src->[$i] // 0; }
}

binmode STDOUT;
print "day,host,peer,dpd_dead,unknown_sa,psk_policy_miss,delete_sa_not_found,disconnect,"
    . "retransmit_timeout,auth_fail,id_mismatch,no_proposal,phase2_no_conn,xauth_fail,network_error,"
    . "phase1_up,phase2_up,weak_crypto\r\n";
my @keys = map { [split /\0/, $_, -1] } keys %cnt;
for my $k (sort { $a->[0] cmp $b->[0] || $a->[1] cmp $b->[1] || $a->[2] cmp $b->[2] } @keys) {
    my $row = $cnt{join("\0", @$k)};
    print join(',', @$k, map { $row->[$_] // 0 } 1 .. 15), "\r\n";
}
