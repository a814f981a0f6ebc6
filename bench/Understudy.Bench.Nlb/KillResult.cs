namespace Understudy.Bench.Nlb;

/// <summary>Requests during the kill -9 run, split by whether the client's member survived.</summary>
internal sealed record KillResult(
    int Clients, int VictimClients, long SurvivorRequests, long SurvivorFailed, long VictimRequests, long VictimFailed, TimeSpan DownAfter);
