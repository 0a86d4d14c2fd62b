namespace PaymentCore.BatchWork;

/// <summary>The checks every queue applies to a plan before it stores it, so queues refuse the same plans with the same messages.</summary>
internal static class BatchWorkPlanRules
{
    public static void Check(BatchWorkPlan plan)
    {
        if (string.IsNullOrWhiteSpace(plan.Run.MerchantId) || string.IsNullOrWhiteSpace(plan.Run.BatchId))
        {
            throw new ArgumentException("BatchWorkPlan.Run needs a merchant id and a batch id, neither blank.", nameof(plan));
        }

        if (plan.ChunkSize < 1)
        {
            throw new ArgumentException($"BatchWorkPlan.ChunkSize must be at least 1; it is {plan.ChunkSize}.", nameof(plan));
        }

        if (plan.TotalItems < 0)
        {
            throw new ArgumentException($"BatchWorkPlan.TotalItems must not be negative; it is {plan.TotalItems}.", nameof(plan));
        }

        if (string.IsNullOrEmpty(plan.Fingerprint))
        {
            throw new ArgumentException("BatchWorkPlan.Fingerprint is required.", nameof(plan));
        }
    }
}
