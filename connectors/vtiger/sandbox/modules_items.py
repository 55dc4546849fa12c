"""Field tables of the catalogue modules: Products and Services."""

from __future__ import annotations

from .fielddefs import ModuleDef, auto, day, flag, integer, money, number, pick, ref, standard, text

TAX_CLASSES = ("VAT", "Sales", "Service")
USAGE_UNITS = (
    "Box",
    "Carton",
    "Dozen",
    "Each",
    "Hours",
    "Impressions",
    "Lb",
    "M",
    "Pack",
    "Pages",
    "Pieces",
    "Quantity",
    "Reams",
    "Sheet",
    "Spiral Binder",
    "Sq Ft",
)

PRODUCTS = ModuleDef(
    "Products",
    "Products",
    "Product",
    label_fields="productname",
    number_prefix="PRO",
    number_field="product_no",
    fields=(
        text("productname", "Product Name", mandatory=True),
        auto("product_no", "Product No"),
        text("productcode", "Part Number"),
        # "1" means the product is active: vtiger's label is the opposite of the value.
        flag("discontinued", "Product Active", default="1"),
        pick("productcategory", "Product Category", ("Hardware", "Software", "CRM Applications")),
        text("manufacturer", "Manufacturer"),
        ref("vendor_id", "Vendor Name", ("Vendors",)),
        text("vendor_part_no", "Vendor PartNo"),
        text("serial_no", "Serial No"),
        money("unit_price", "Unit Price"),
        number("commissionrate", "Commission Rate"),
        pick("taxclass", "Tax Class", TAX_CLASSES),
        pick("usageunit", "Usage Unit", USAGE_UNITS),
        number("qty_per_unit", "Qty/Unit", scale=2),
        number("qtyinstock", "Qty In Stock"),
        integer("reorderlevel", "Reorder Level"),
        number("qtyindemand", "Qty In Demand"),
        day("sales_start_date", "Sales Start Date"),
        day("sales_end_date", "Sales End Date"),
        day("start_date", "Support Start Date"),
        day("expiry_date", "Support Expiry Date"),
        text("website", "Website", kind="url"),
        text("glacct", "GL Account"),
        *standard(),
    ),
)

SERVICES = ModuleDef(
    "Services",
    "Services",
    "Service",
    label_fields="servicename",
    number_prefix="SER",
    number_field="service_no",
    fields=(
        text("servicename", "Service Name", mandatory=True),
        auto("service_no", "Service No"),
        flag("discontinued", "Service Active", default="1"),
        pick("service_usageunit", "Usage Unit", ("Hours", "Days", "Incidents")),
        number("qty_per_unit", "No of Units", scale=2),
        pick(
            "servicecategory",
            "Service Category",
            ("--None--", "Support", "Installation", "Migration", "Customization", "Training"),
        ),
        money("unit_price", "Price"),
        pick("taxclass", "Tax Class", TAX_CLASSES),
        number("commissionrate", "Commission Rate"),
        text("website", "Website", kind="url"),
        day("sales_start_date", "Sales Start Date"),
        day("sales_end_date", "Sales End Date"),
        *standard(),
    ),
)
