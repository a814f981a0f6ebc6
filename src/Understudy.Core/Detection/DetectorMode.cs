namespace Understudy.Core.Detection;

/// <summary>How a node turns heartbeat arrival times into a verdict about a peer.</summary>
public enum DetectorMode
{
    /// <summary>Down after <c>threshold</c> missed beats of <c>interval</c>, as WSFC and Windows NLB do.</summary>
    Threshold,

    /// <summary>Phi-accrual (Hayashibara et al., 2004), as Akka and Cassandra: adapts to jitter.</summary>
    Phi,
}
