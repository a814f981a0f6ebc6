using Understudy.Core.Database;
using Understudy.Node.Api;

namespace Understudy.Node.Tests.Api;

/// <summary>Each kind of Core's refusal answers with its own HTTP status (docs/api.md; the CLI's exit codes rest on them).</summary>
public sealed class ApiRefusalTests
{
    [Theory]
    [InlineData(RefusalKind.BadRequest, 400)]
    [InlineData(RefusalKind.NotFound, 404)]
    [InlineData(RefusalKind.Conflict, 409)]
    [InlineData(RefusalKind.Unavailable, 503)]
    public void Status_EachKind_ItsHttpStatus(RefusalKind kind, int status) => Assert.Equal(status, ApiRefusal.Status(kind));

    [Fact]
    public void Status_EveryKindMapped() =>
        Assert.All(Enum.GetValues<RefusalKind>(), kind => Assert.InRange(ApiRefusal.Status(kind), 400, 599));
}
