namespace Understudy.Core.Nlb;

/// <summary>A port rule and its current bucket map.</summary>
public sealed record RuleMap(PortRule Rule, BucketMap Map);
