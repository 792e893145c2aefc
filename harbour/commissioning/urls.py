from django.urls import path

from harbour.commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("", views.home, name="home"),
    path("funders/add/", views.funder_add, name="funder-add"),
    path("funds/add/", views.stream_add, name="stream-add"),
    path("funds/<pid:stream_id>/contracts/add/", views.contract_add, name="contract-add"),
    path("contracts/<pid:contract_id>/", views.contract_detail, name="contract"),
    path("contracts/<pid:contract_id>/budget/", views.budget_set, name="budget"),
    path("contracts/<pid:contract_id>/return/", views.return_add, name="return-add"),
    path("returns/upload/", views.returns_upload, name="upload"),
    path("figures/", views.figures_page, name="figures"),
    path("open-data/", views.export_page, name="export"),
    path("open-data/grants.json", views.export_json, name="export-json"),
    path("open-data/grants.xlsx", views.export_xlsx, name="export-xlsx"),
]
