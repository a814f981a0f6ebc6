namespace Understudy.Core.Chaos;

/// <summary>The faults a chaos schedule injects.</summary>
public enum ChaosFaultKind
{
    /// <summary>kill -9 of one node process; started again after the fault's duration.</summary>
    Kill,

    /// <summary>SIGSTOP of one node process, SIGCONT after the fault's duration.</summary>
    Pause,

    /// <summary>A clean restart of one node (SIGTERM, wait, start).</summary>
    Restart,

    /// <summary>kill -9 of every node at once; all started again after the fault's duration.</summary>
    ClusterRestart,

    /// <summary>One node restarted with its wall clock moved by the fault's offset (its injected time source; the machine's clock is never changed).</summary>
    ClockJump,

    /// <summary>The target node, with <see cref="ChaosFault.Companions"/> more, cut off from the
    /// rest both ways (a minority and a majority); healed after the fault's duration. Host lab only.</summary>
    Partition,

    /// <summary>What the target node sends to the others is dropped (or, when
    /// <see cref="ChaosFault.Inbound"/>, what they send to it), the other way still works; healed
    /// after the fault's duration. Host lab only.</summary>
    OneWay,

    /// <summary>The other nodes split in two halves that cannot reach each other, the target node
    /// between them reaching both (a bridge); healed after the fault's duration. Host lab only.</summary>
    Bridge,

    /// <summary><see cref="ChaosFault.LossPercent"/> of the target node's frames dropped at random,
    /// each direction; ended after the fault's duration. Host lab only.</summary>
    Loss,

    /// <summary>The wall clock of one running node steps by the fault's offset (its injected time
    /// source, as an NTP step would), and steps back after the fault's duration.</summary>
    ClockStep,
}
