using System.Net;
using Understudy.Cli.Commands;

namespace Understudy.Cli.Tests.Scripting;

/// <summary>The change commands' <c>--json</c> document, against a golden one, and the HTTP-status-to-exit-code table.</summary>
public sealed class ChangeJsonTests
{
    [Fact]
    public void ChangeJson_CommittedAndWaited_IsTheGoldenDocument()
    {
        var json = CliJson.Change(
            "role move kv --to bravo",
            new ChangeOutcome(CliExit.Ok, "http://127.0.0.11:7400", 42, null),
            new ClusterChange.WaitResult("role kv Online on bravo", true, 1234, null));

        Assert.Equal(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "change.json")), json + "\n");
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, CliExit.NotFound)]
    [InlineData(HttpStatusCode.BadRequest, CliExit.Refused)]
    [InlineData(HttpStatusCode.Conflict, CliExit.Refused)]
    [InlineData(HttpStatusCode.Unauthorized, CliExit.Refused)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, CliExit.BadInput)]
    [InlineData(HttpStatusCode.ServiceUnavailable, CliExit.NoQuorum)]
    [InlineData(HttpStatusCode.InternalServerError, CliExit.Failed)]
    public void CodeOf_HttpRefusal_IsTheDocumentedExitCode(HttpStatusCode status, int code) =>
        Assert.Equal(code, ClusterApiClient.CodeOf(status));

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("00:01:30", 90_000)]
    public void Duration_Forms(string text, double ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), DurationArgument.TryParse(text));

    [Fact]
    public void Duration_Nonsense_IsNull() => Assert.Null(DurationArgument.TryParse("soon"));
}
