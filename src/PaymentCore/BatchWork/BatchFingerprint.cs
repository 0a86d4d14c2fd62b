using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaymentCore.Batch;

namespace PaymentCore.BatchWork;

/// <summary>
/// SHA-256 over what decides each item's payment (end-to-end id, amount, currencies, accounts, pre-rejection), in
/// order, each field length-prefixed: two workers agree on it only when they would pay the same items the same way.
/// </summary>
/// <remarks>Used by one thread.</remarks>
internal sealed class BatchFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Add(BatchItem item)
    {
        Field(item.EndToEndId);
        Field(item.Amount.Currency.IsDefault ? string.Empty : item.Amount.Currency.Code);
        Field(item.Amount.Currency.IsDefault ? string.Empty : item.Amount.MinorUnits.ToString(CultureInfo.InvariantCulture));
        Field(item.InstructedAmount?.ToString(CultureInfo.InvariantCulture));
        Field(item.TransferCurrency?.Code);
        Field(item.CreditorAccount);
        Field(item.DebtorAccount);
        Field(item.GroupId);
        Field(item.PreRejection?.Code);
    }

    public string Finish() => Convert.ToHexString(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private void Field(string? value)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, value is null ? -1 : value.Length);
        _hash.AppendData(length);
        if (value is not null)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
    }
}
