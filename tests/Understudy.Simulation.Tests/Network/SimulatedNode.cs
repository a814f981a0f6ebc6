using Understudy.Core.Detection;
using Understudy.Core.Heartbeats;

namespace Understudy.Simulation.Tests.Network;

/// <summary>
/// A cluster node reduced to its heartbeat path: it sends a real, HMAC-authenticated datagram
/// to every peer each interval, and runs received ones through the real codec, the replay window
/// and a real failure detector per peer, as the node's receive loop will.
/// </summary>
internal sealed class SimulatedNode
{
    private readonly byte[] _key;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, PeerState> _peers;
    private readonly byte[] _buffer = new byte[HeartbeatCodec.MaxDatagramSize];
    private long _sequence;

    public SimulatedNode(string name, byte[] key, HeartbeatOptions options, long incarnation, IEnumerable<string> peers, TimeSpan firstSend)
    {
        Name = name;
        _key = key;
        _interval = options.Interval;
        Incarnation = incarnation;
        NextSendAt = firstSend;
        _peers = peers.Where(p => p != name).ToDictionary(p => p, _ => new PeerState(FailureDetectors.Create(options)));
    }

    public string Name { get; }

    public long Incarnation { get; }

    /// <summary>A silent node sends nothing (hung or powered off) but still receives.</summary>
    public bool Silent { get; set; }

    public TimeSpan NextSendAt { get; private set; }

    public Dictionary<HeartbeatRejection, int> Rejections { get; } = [];

    public IReadOnlyDictionary<string, PeerState> Peers => _peers;

    public Liveness VerdictOn(string peer, TimeSpan now) => _peers[peer].Detector.Evaluate(now);

    public int RejectionCount(HeartbeatRejection reason) => Rejections.GetValueOrDefault(reason);

    /// <summary>Sends to every peer if a beat is due at <paramref name="now"/>.</summary>
    public void SendDue(TimeSpan now, SimulatedNetwork network)
    {
        while (now >= NextSendAt)
        {
            NextSendAt += _interval;
            if (Silent)
            {
                continue;
            }

            var heartbeat = new Heartbeat(HeartbeatKind.Node, Name, Incarnation, ++_sequence, 1000);
            var length = HeartbeatCodec.Encode(heartbeat, _key, _buffer);
            foreach (var peer in _peers.Keys)
            {
                network.Send(Name, peer, _buffer[..length]);
            }
        }
    }

    public void Receive(InFlightDatagram datagram, TimeSpan now)
    {
        var result = HeartbeatCodec.TryDecode(datagram.Payload, _key, out var heartbeat);
        PeerState? peer = null;
        if (result == HeartbeatRejection.None && !_peers.TryGetValue(heartbeat!.Sender, out peer))
        {
            result = HeartbeatRejection.UnknownSender;
        }

        if (result == HeartbeatRejection.None)
        {
            var previous = heartbeat!.Incarnation == peer!.Window.Incarnation ? peer.Window.HighestSequence : 0;
            result = peer.Tracker.Admit(heartbeat);
            if (result == HeartbeatRejection.None)
            {
                // The verdict just before the beat lands: the largest silence this beat ends.
                Observe(peer, now);
                peer.Tracker.Record(now);
                peer.Accepted++;
                if (previous > 0)
                {
                    peer.MaxLostInARow = Math.Max(peer.MaxLostInARow, heartbeat.Sequence - previous - 1);
                }

                return;
            }
        }

        Rejections[result] = RejectionCount(result) + 1;
    }

    /// <summary>Evaluates every peer at <paramref name="now"/> and records Dead verdicts.</summary>
    public void Observe(TimeSpan now)
    {
        foreach (var peer in _peers.Values)
        {
            Observe(peer, now);
        }
    }

    private static void Observe(PeerState peer, TimeSpan now)
    {
        var verdict = peer.Detector.Evaluate(now);
        if (verdict == Liveness.Dead)
        {
            peer.DeadObservations++;
            if (peer.LastVerdict != Liveness.Dead)
            {
                peer.DeclaredDeadAt.Add(now);
            }
        }

        peer.LastVerdict = verdict;
    }
}
