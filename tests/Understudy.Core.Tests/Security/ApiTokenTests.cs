using System.Buffers;
using System.Text;
using Understudy.Core.Database;
using Understudy.Core.Security;

namespace Understudy.Core.Tests.Security;

/// <summary>The operator token per generation and the nodes' internal token (docs/api.md "Tokens").</summary>
public sealed class ApiTokenTests
{
    private static readonly ClusterKeys Keys = ClusterKeys.Derive(Encoding.UTF8.GetBytes("demo-key-change-me"), "demo");
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Operator_GenerationZero_IsTheTokenBeforeRotationExisted() =>
        Assert.Equal(ApiToken.Derive(Keys), ApiToken.Operator(Keys, 0));

    [Fact]
    public void Operator_EachGenerationAndTheInternalToken_AllDiffer()
    {
        string[] tokens = [ApiToken.Operator(Keys, 0), ApiToken.Operator(Keys, 1), ApiToken.Operator(Keys, 2), ApiToken.Internal(Keys)];

        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.Equal(43, t.Length));
        Assert.Equal(ApiToken.Operator(Keys, 7), ApiToken.Operator(ClusterKeys.Derive(Encoding.UTF8.GetBytes("demo-key-change-me"), "demo"), 7));
    }

    [Fact]
    public void Operator_NegativeGeneration_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ApiToken.Operator(Keys, -1));

    [Fact]
    public void Rotated_OnlyForward_WithAnEvent()
    {
        var state = ClusterState.Empty.Apply(new OperatorTokenRotated(T0, 1), 1);
        var again = state.Apply(new OperatorTokenRotated(T0, 1), 2);
        var back = state.Apply(new OperatorTokenRotated(T0, 0), 3);

        Assert.Equal(1, state.OperatorTokenGeneration);
        Assert.Contains(state.Events, e => e.Kind == "OperatorTokenRotated");
        Assert.Equal(1, again.OperatorTokenGeneration);
        Assert.Equal(state.Events.Count, again.Events.Count);
        Assert.Equal(1, back.OperatorTokenGeneration);
    }

    [Fact]
    public void Rotated_RoundTripsThroughTheLogCodecAndSnapshots()
    {
        var command = CommandCodec.Decode(new ReadOnlySequence<byte>(CommandCodec.Encode(new OperatorTokenRotated(T0, 3))));
        var state = ClusterState.Empty.Apply(command!, 1);

        Assert.Equal(new OperatorTokenRotated(T0, 3), command);
        Assert.Equal(3, CommandCodec.DecodeSnapshot(CommandCodec.EncodeSnapshot(state)).OperatorTokenGeneration);
    }
}
