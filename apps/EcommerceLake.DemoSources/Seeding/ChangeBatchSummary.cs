namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// What <see cref="DemoSeeder.ApplyChangeBatchAsync"/> changed. Counts are rows actually changed by this call (a
/// repeated call changes nothing and counts zero); the id lists name every row the batch targets.
/// </summary>
/// <param name="OrdersInserted">Held-back orders inserted into <c>marketplace.orders</c>.</param>
/// <param name="CustomersInserted">Their customers inserted into <c>marketplace.customers</c>.</param>
/// <param name="OrderItemsInserted">Their items inserted into <c>marketplace.order_items</c>.</param>
/// <param name="OrderPaymentsInserted">Their payments inserted into <c>marketplace.order_payments</c>.</param>
/// <param name="ReviewsInserted">Held-back reviews inserted into <c>reviews_api.order_reviews</c>.</param>
/// <param name="OrdersDelivered">Orders updated 'shipped' → 'delivered' (with <c>order_delivered_customer_date</c>
/// set).</param>
/// <param name="OrdersCanceled">Orders updated 'processing'/'approved' → 'canceled'.</param>
/// <param name="OrderItemsDeleted">Order items deleted.</param>
/// <param name="NewFileName">Name of the CSV dropped into the drop directory.</param>
/// <param name="NewFileWritten">False when the file already held the same bytes and was left alone.</param>
/// <param name="TranslationsAdded">Rows of the new file (categories it translates).</param>
/// <param name="DeliveredOrderIds">Orders the batch delivers.</param>
/// <param name="CanceledOrderIds">Orders the batch cancels.</param>
/// <param name="DeletedOrderItems">Order items the batch deletes, as <c>order_id|order_item_id</c>.</param>
public sealed record ChangeBatchSummary(
    long OrdersInserted,
    long CustomersInserted,
    long OrderItemsInserted,
    long OrderPaymentsInserted,
    long ReviewsInserted,
    long OrdersDelivered,
    long OrdersCanceled,
    long OrderItemsDeleted,
    string NewFileName,
    bool NewFileWritten,
    int TranslationsAdded,
    IReadOnlyList<string> DeliveredOrderIds,
    IReadOnlyList<string> CanceledOrderIds,
    IReadOnlyList<string> DeletedOrderItems);
