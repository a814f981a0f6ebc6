namespace Understudy.Core.Nlb;

/// <summary>What each member state means for connections already open (Windows NLB).</summary>
public static class NlbMemberStates
{
    /// <summary>
    /// True when the member's open connections are cut: <c>Stopped</c> (Windows NLB's <c>stop</c>
    /// "drops open connections"; a drainstop ends Stopped too, cutting what outlived its timeout)
    /// and <c>Suspended</c> (suspend stops the host as stop does). <c>Started</c> and
    /// <c>Draining</c> (drainstop serves open connections) keep them.
    /// </summary>
    public static bool DropsConnections(NlbMemberState state) => state is NlbMemberState.Stopped or NlbMemberState.Suspended;
}
