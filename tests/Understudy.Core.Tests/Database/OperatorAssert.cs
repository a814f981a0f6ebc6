using Understudy.Core.Database;

namespace Understudy.Core.Tests.Database;

/// <summary>Exact checks of an <see cref="OperatorDecision"/>: what it commits, or its whole refusal.</summary>
internal static class OperatorAssert
{
    public static void Commits(OperatorDecision decision, params ClusterCommand[] expected)
    {
        Assert.Null(decision.Refusal);
        Assert.Equal(expected, decision.Commands);
    }

    public static void Refused(OperatorDecision decision, RefusalKind kind, string message, string path)
    {
        Assert.Equal(new Refusal(kind, message, path), decision.Refusal);
        Assert.Empty(decision.Commands);
    }
}
