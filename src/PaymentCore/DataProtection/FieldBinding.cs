namespace PaymentCore.DataProtection;

/// <summary>
/// Where a ciphertext belongs: its table (or record kind), row and field. It is the associated data of the
/// AES-GCM encryption, so a ciphertext copied to another row or field fails to decrypt instead of being read as
/// that row's value.
/// </summary>
/// <param name="Table">The table or record kind, such as <c>transactions</c>.</param>
/// <param name="Row">The row's stable key, such as a transaction id. Not the row's version: that changes.</param>
/// <param name="Field">The field, such as <c>payee</c> or <c>metadata.order</c>.</param>
/// <remarks>Immutable value; safe to share between threads.</remarks>
public readonly record struct FieldBinding(string Table, string Row, string Field);
