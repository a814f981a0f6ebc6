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
}
